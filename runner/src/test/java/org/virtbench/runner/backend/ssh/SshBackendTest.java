package org.virtbench.runner.backend.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.BackendProvider;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.plan.PlanIndex;
import org.virtbench.runner.cli.CliEnvironment;
import org.virtbench.runner.cli.Main;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.transport.ssh.ClientKey;

/**
 * The ssh backend against real OpenSSH servers on this machine, each in a network namespace of
 * its own ({@link SshdNamespaces}): two inventories (two "hosts") with a reachable machine each,
 * one machine where nothing listens, one whose host key is not the pinned one, and a peer.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SshBackendTest {
    @TempDir
    static Path dir;

    private static SshdNamespaces machines;
    private static SshdNamespaces.Machine m0;
    private static SshdNamespaces.Machine m1;
    private static SshdNamespaces.Machine m2;
    private static SshdNamespaces.Machine m3;
    private static Path lab;
    private static Path other;
    private static Path impostor;

    @BeforeAll
    static void machines() throws Exception {
        ClientKey key = ClientKey.ensure(dir.resolve("client"));
        Path authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, key.publicKeyLine() + "\n");
        machines = new SshdNamespaces(dir);
        m0 = machines.add(0, true, authorized);
        m1 = machines.add(1, true, authorized);
        m2 = machines.add(2, false, authorized);
        m3 = machines.add(3, true, authorized);
        // Host lab-a: m0 and, second in its group, m2 where nothing listens.
        lab = write("lab.yaml", "host: lab-a\n"
                + "defaults: {keyFile: client/id_ecdsa, technology: netns-sshd, group: lab}\n"
                + "machines:\n"
                + machine("m0", m0, m0.hostKey().toOpenSshLine(), "memory: 256MiB")
                + machine("m2", m2, m0.hostKey().toOpenSshLine(), ""));
        // Host lab-b, in JSON, with m1's key in a known_hosts file and m1 also as the peer.
        Files.writeString(dir.resolve("known_hosts"), m1.address() + " " + m1.hostKey().toOpenSshLine() + "\n");
        other = write("other.json", "{\"host\": \"lab-b\", \"defaults\": {\"keyFile\": \"client/id_ecdsa\","
                + " \"knownHosts\": \"known_hosts\"}, \"machines\": ["
                + "{\"name\": \"m1\", \"address\": \"" + m1.address() + "\", \"technology\": \"xen-pv\", \"version\": \"netns 1.0\"},"
                + "{\"name\": \"netserver\", \"address\": \"" + m1.address() + "\", \"role\": \"peer\"}]}");
        // m3 answers with its own key, but the inventory pins m0's.
        impostor = write("impostor.yaml", "defaults: {keyFile: client/id_ecdsa}\nmachines:\n"
                + machine("m3", m3, m0.hostKey().toOpenSshLine(), "technology: openvz"));
    }

    private static String machine(String name, SshdNamespaces.Machine m, String hostKey, String extra) {
        return "  - name: " + name + "\n    address: " + m.address() + "\n    hostKey: " + hostKey + "\n"
                + (extra.isEmpty() ? "" : "    " + extra + "\n");
    }

    private static Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @AfterAll
    static void stop() throws Exception {
        if (machines != null) {
            machines.close();
            assertEquals(List.of(), machines.processes(), "no sshd is left");
        }
    }

    @Test
    void runsBzip2OnTwoInventoriesAtOnceNextToTheHostAndRecordsTable3Facts() throws Exception {
        Path out = dir.resolve("campaign");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ClassLoader loader = getClass().getClassLoader();
        CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(PlanIndex.load(loader)),
                ServiceLoader.load(BackendProvider.class, loader).stream().map(ServiceLoader.Provider::get).toList(), dir,
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int code = Main.execute(env, "run", "--backend", "host,ssh:" + lab + ",ssh:" + other, "--include", "^bzip2$",
                "--profile", "quick", "-p", "size=2MiB", "--repeat", "2", "--discard", "1", "--out", out.toString());
        String said = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, said);

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode labCell = cell(results, "ssh:" + lab);
        JsonNode otherCell = cell(results, "ssh:" + other);
        for (JsonNode c : List.of(labCell, otherCell)) {
            assertEquals("completed", c.get("outcome").get("status").asText(), c.toString());
            assertTrue(c.get("figures").get("relative").get("value").asDouble() > 0, "normalized against the host: " + c.get("figures"));
            JsonNode guest = c.get("provisioned").get("guestFacts").get(0);
            assertFalse(guest.get("kernel").asText().isEmpty());
            assertNotNull(guest.get("extra").get("virtualization"), guest.toString());
            assertNotNull(guest.get("extra").get("virtualization.evidence"), guest.toString());
            for (JsonNode sample : c.get("samples")) {
                // released by the start gate, timed on the guest's own clock, both clocks' times kept
                assertEquals("gate-guest-clock", sample.get("span").asText(), sample.toString());
                assertTrue(sample.get("secondary").has("clock.guest-s") && sample.get("secondary").has("clock.host-s")
                        && sample.get("secondary").has("clock.drift"), sample.toString());
            }
        }
        assertEquals("lab-a", labCell.get("provisioned").get("provisioningFacts").get("host.name").asText());
        assertEquals("lab-b", otherCell.get("provisioned").get("provisioningFacts").get("host.name").asText());
        assertEquals("netns 1.0", otherCell.get("provisioned").get("provisioningFacts").get("version").asText(), "the inventory's version");
        assertEquals("lab-b", otherCell.get("provisioned").get("guestFacts").get(0).get("extra").get("host.name").asText());
        JsonNode hostCell = cell(results, "host");
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(),
                hostCell.get("provisioned").get("provisioningFacts").get("host.kernel").asText(), "a local cell names this machine's kernel");

        JsonNode labBackend = backend(results, "ssh:" + lab);
        assertEquals("netns-sshd", labBackend.get("technology").asText(), "the inventory's label is the technology");
        assertEquals("xen-pv", backend(results, "ssh:" + other).get("technology").asText());
        assertTrue(labBackend.get("probeFacts").get("machine.m2").asText().startsWith("unreachable"),
                "the probe reports the machine where nothing listens: " + labBackend.get("probeFacts"));
        assertEquals("reachable", labBackend.get("probeFacts").get("machine.m0").asText());

        // Telemetry: ssh guests are read from inside, over their transport, at each window's edges. These
        // machines are namespaces of this kernel (same boot time in /proc/stat): noted as such, not taken
        // for a guest kernel's view; nothing watches them from outside
        int sshTrials = 0;
        for (JsonNode cell : results.get("telemetry")) {
            if (!cell.get("backend").asText().startsWith("ssh:")) {
                continue;
            }
            assertTrue(cell.get("guestSources").get(0).asText().startsWith("not watched from outside"), cell.toString());
            for (JsonNode trial : cell.get("trials")) {
                JsonNode g = trial.get("guests").get(0);
                assertTrue(!g.has("inside") || g.get("inside").isNull(), g.toString());
                assertTrue(g.get("insideNote").asText().contains("host's kernel"), g.toString());
                sshTrials++;
            }
        }
        assertEquals(4, sshTrials, "two trials in each of the two ssh cells have telemetry");

        // Different hosts ran at the same time: the two ssh cells' spans overlap.
        assertTrue(overlap(out, "ssh:" + lab, "ssh:" + other), "the cells of lab-a and lab-b ran in parallel");
        assertFalse(said.contains("REFUSED"));
    }

    @Test
    void reportsTheUnreachableMachineAndRefusesMoreGuestsThanTheGroupHolds() {
        SshInventoryBackend backend = SshInventoryBackend.parse(lab.toString());
        Probe probe = backend.probe();
        assertTrue(probe.available(), probe.reason());
        assertTrue(probe.facts().get("machine.m2").contains("unreachable"), probe.facts().toString());

        BackendException down = assertThrows(BackendException.class, () -> backend.provision(request(2, false)));
        assertTrue(down.getMessage().contains("m2") && down.getMessage().contains("unreachable"), down.getMessage());
        BackendException tooMany = assertThrows(BackendException.class, () -> backend.provision(request(3, false)));
        assertTrue(tooMany.getMessage().contains("asked for 3 guests, but group 'lab'") && tooMany.getMessage().contains("lists 2"),
                tooMany.getMessage());
        assertWorkFoldersGone();
    }

    @Test
    void refusesAMachineThatPresentsAnotherHostKey() {
        SshInventoryBackend backend = SshInventoryBackend.parse(impostor.toString());
        Probe probe = backend.probe();
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("REFUSED") && probe.reason().contains("m3"), probe.reason());
        BackendException e = assertThrows(BackendException.class, () -> backend.provision(request(1, false)));
        assertTrue(e.getMessage().contains("REFUSED") && e.getMessage().contains(m0.hostKey().fingerprint()), e.getMessage());
    }

    @Test
    void theInventorysPeerServesTheGuestsAndEveryWorkFolderIsRemoved() {
        SshInventoryBackend backend = SshInventoryBackend.parse(other.toString());
        String workDir;
        try (Provisioning p = backend.provision(request(1, true))) {
            Guest guest = p.guests().get(0);
            var peer = p.peer().orElseThrow();
            assertEquals("netserver", peer.name());
            assertEquals(m1.address(), peer.address());
            assertTrue(peer.run("test", "-d", peer.workDir()).ok());
            workDir = guest.workDir();
            assertTrue(workDir.startsWith(defaultWorkBase() + "/m1-"), workDir);
            assertTrue(Files.isDirectory(Path.of(workDir)), "the sshd runs on this machine's file system");
            assertEquals(m1.address(), guest.address());
        }
        assertFalse(Files.exists(Path.of(workDir)), "the work folder is deleted");
        BackendException noPeer = assertThrows(BackendException.class,
                () -> SshInventoryBackend.parse(lab.toString()).provision(request(1, true)));
        assertTrue(noPeer.getMessage().contains("role: peer"), noPeer.getMessage());
    }

    /** The inventory's default work base for the login the tests use, this process's user on this machine. */
    private static Path defaultWorkBase() {
        return Path.of(System.getProperty("user.home") + Inventory.DEFAULT_WORK_BASE.substring(1));
    }

    private static void assertWorkFoldersGone() {
        try (var entries = Files.list(defaultWorkBase())) {
            assertEquals(List.of(), entries.filter(p -> p.getFileName().toString().matches("m[0-3]-[0-9a-f]{6}")).toList());
        } catch (java.io.IOException e) {
            // no base folder: nothing left either
        }
    }

    private static ProvisionRequest request(int guests, boolean peer) {
        return new ProvisionRequest(guests, 256L << 20, peer, List.of(), dir.resolve("cells"));
    }

    private static JsonNode cell(JsonNode results, String backend) {
        for (JsonNode c : results.get("cells")) {
            if (c.get("cell").get("backend").asText().equals(backend)) {
                return c;
            }
        }
        throw new AssertionError("no cell of " + backend + " in " + results.get("cells"));
    }

    private static JsonNode backend(JsonNode results, String id) {
        for (JsonNode b : results.get("backends")) {
            if (b.get("id").asText().equals(id)) {
                return b;
            }
        }
        throw new AssertionError("no backend " + id);
    }

    /** Whether the cells of two backends were running at the same moment, by their journal times. */
    private static boolean overlap(Path out, String a, String b) throws Exception {
        Instant[] spanA = span(out, a);
        Instant[] spanB = span(out, b);
        return spanA[0].isBefore(spanB[1]) && spanB[0].isBefore(spanA[1]);
    }

    private static Instant[] span(Path out, String backend) throws Exception {
        Instant start = null;
        Instant end = null;
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("journal.jsonl"))) {
            JsonNode e = json.readTree(line);
            if (e.has("backend") && e.get("backend").asText().equals(backend) && e.has("at")) {
                if (e.get("type").asText().equals("cell-start")) {
                    start = Instant.parse(e.get("at").asText());
                } else if (e.get("type").asText().equals("cell-end")) {
                    end = Instant.parse(e.get("at").asText());
                }
            }
        }
        assertNotNull(start, backend);
        assertNotNull(end, backend);
        return new Instant[] {start, end};
    }
}
