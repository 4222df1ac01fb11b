package org.virtbench.runner.backend.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.StoragePool;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.BackendProvider;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.plan.PlanIndex;
import org.virtbench.runner.backend.qemu.TestRootfs;
import org.virtbench.runner.cli.CliEnvironment;
import org.virtbench.runner.cli.Main;
import org.virtbench.runner.engine.WorkloadCatalog;

/**
 * The libvirt backend against a real libvirtd this test starts (domain type qemu: software
 * emulation, as KVM cannot run guests here): bzip2 through {@code libvirt:qemu:///system} next to
 * the host, normalized, with Table 3's facts; then a boot that fails part-way. After each, no
 * domain, volume, QEMU process or bridge of the run may be left; the daemons are stopped at the end.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class LibvirtBackendTest {
    private static final String URI = "qemu:///system";
    private static LibvirtDaemons daemons;

    @TempDir
    Path dir;

    @BeforeAll
    static void daemons() throws Exception {
        daemons = LibvirtDaemons.start();
    }

    @AfterAll
    static void stopDaemons() {
        if (daemons != null) {
            daemons.close();
            assertEquals(List.of(), daemons.running(), "the daemons this test started are stopped");
        }
    }

    private static String rootfs() throws Exception {
        return TestRootfs.ensure().toString();
    }

    @Test
    void runsBzip2InATransientDomainAndLeavesNothing() throws Exception {
        Path out = dir.resolve("campaign");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(said, true, StandardCharsets.UTF_8);
        ClassLoader loader = getClass().getClassLoader();
        CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(PlanIndex.load(loader)),
                ServiceLoader.load(BackendProvider.class, loader).stream().map(ServiceLoader.Provider::get).toList(), dir,
                print, print);
        String backend = "libvirt:" + URI + "#rootfs=" + rootfs() + "&boot-timeout=240";
        int code = Main.execute(env, "run", "--backend", "host," + backend, "--include", "^bzip2$", "--profile", "quick",
                "-p", "size=2MiB", "--repeat", "2", "--discard", "1", "--out", out.toString());
        String text = said.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertFalse(text.contains("libvirt: "), "libvirt's own error printer is silenced: " + text);

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode cell = null;
        for (JsonNode c : results.get("cells")) {
            if (c.get("cell").get("backend").asText().equals(backend)) {
                cell = c;
            }
        }
        assertTrue(cell != null && cell.get("outcome").get("status").asText().equals("completed"), String.valueOf(cell));
        assertTrue(cell.get("figures").get("relative").get("value").asDouble() > 0, "normalized against the host");
        JsonNode facts = cell.get("provisioned").get("provisioningFacts");
        assertEquals("qemu", facts.get("libvirt.domain-type").asText());
        assertEquals("tcg", facts.get("accelerator").asText());
        assertTrue(facts.get("version").asText().matches("QEMU \\d+\\.\\d+\\.\\d+, libvirt \\d+\\.\\d+\\.\\d+"), facts.toString());
        JsonNode guest = cell.get("provisioned").get("guestFacts").get(0);
        assertEquals("qemu", guest.get("extra").get("virtualization").asText(), "the guest sees QEMU without KVM: " + guest);
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(), guest.get("extra").get("host.kernel").asText());
        for (JsonNode b : results.get("backends")) {
            if (b.get("id").asText().equals(backend)) {
                assertEquals("QEMU (TCG) through libvirt, domain type qemu", b.get("technology").asText());
            }
        }
        String domain = facts.get("guest.0.domain").asText();
        String bridge = facts.get("guest.network").asText().replaceAll(".*bridge (\\S+),.*", "$1");
        assertNothingLeft(domain.substring(0, domain.lastIndexOf("-g")), bridge);
    }

    @Test
    void aBootThatFailsPartWayLeavesNothing() throws Exception {
        LibvirtBackend backend = new LibvirtBackend(URI, LibvirtSettings.parse(URI + "#rootfs=" + rootfs() + "&boot-timeout=1"));
        BackendException e = assertThrows(BackendException.class,
                () -> backend.provision(new ProvisionRequest(2, 256L << 20, true, List.of(), dir.resolve("cells"))));
        assertTrue(e.getMessage().contains("did not open its SSH port within 1 s"), e.getMessage());
        String tag = RunNames.prefix(RunNames.ownerDigest(), ProcessHandle.current());
        assertNothingLeft(tag, null);
    }

    /** No domain, volume or QEMU process whose name starts with {@code tag}; the bridge, when named, is gone. */
    private static void assertNothingLeft(String tag, String bridge) throws Exception {
        Connect conn = new Connect(URI, false);
        try {
            List<String> domains = new ArrayList<>();
            for (Domain d : conn.listAllDomains(0)) {
                domains.add(d.getName());
            }
            assertEquals(List.of(), domains.stream().filter(n -> n.startsWith(tag)).toList(), "no domain of the run");
            StoragePool pool = conn.storagePoolLookupByName(MediaPool.NAME);
            pool.refresh(0);
            assertEquals(List.of(), List.of(pool.listVolumes()).stream().filter(n -> n.startsWith(tag)).toList(),
                    "no overlay or console volume of the run");
        } finally {
            conn.close();
        }
        try (var files = Files.list(Path.of(LibvirtSettings.DEFAULT_POOL))) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(tag)).toList(), "no file of the run");
        }
        assertEquals(List.of(), ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("qemu-system") && c.contains(tag)).orElse(false))
                .map(ProcessHandle::pid).toList(), "no QEMU of the run");
        if (bridge != null) {
            assertFalse(Files.exists(Path.of("/sys/class/net", bridge)), "the run's bridge " + bridge + " is deleted");
        }
    }
}
