package org.virtbench.runner.backend.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.backend.BackendProvider;
import org.virtbench.plan.PlanIndex;
import org.virtbench.runner.cli.CliEnvironment;
import org.virtbench.runner.cli.Main;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.system.Processes;
import org.virtbench.runner.transport.ssh.ClientKey;

/**
 * {@code virtbench clean} after a run on an ssh inventory died by SIGKILL: a real runner process
 * ({@link SshRunHolder}) provisions a machine of a real OpenSSH server (a network namespace of this
 * host, see {@link SshdNamespaces}) and starts a daemon in its work folder; after the kill, clean
 * finds the machine from the run's record on this host, kills the daemon and deletes the folder.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SshCleanTest {
    @TempDir
    static Path dir;

    private static SshdNamespaces machines;
    private static Path inventory;

    @BeforeAll
    static void machine() throws Exception {
        ClientKey key = ClientKey.ensure(dir.resolve("client"));
        Path authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, key.publicKeyLine() + "\n");
        machines = new SshdNamespaces(dir);
        SshdNamespaces.Machine m = machines.add(0, true, authorized);
        inventory = dir.resolve("clean.yaml");
        Files.writeString(inventory, "defaults: {keyFile: client/id_ecdsa, technology: netns-sshd}\nmachines:\n"
                + "  - name: c0\n    address: " + m.address() + "\n    hostKey: " + m.hostKey().toOpenSshLine() + "\n"
                + "    workDir: " + dir.resolve("remote") + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (machines != null) {
            machines.close();
        }
    }

    @Test
    void cleanKillsTheDaemonAndDeletesTheWorkFolderThatAKilledRunLeftOnTheMachine() throws Exception {
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SshRunHolder.class.getName(), inventory.toString(),
                dir.resolve("cells").toString()).redirectError(dir.resolve("holder.err").toFile()).start();
        String ready;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(90, TimeUnit.SECONDS);
            assertTrue(ready != null && ready.startsWith("READY "), "the run provisioned: " + ready + " "
                    + Files.readString(dir.resolve("holder.err")));
            String[] words = ready.split(" ");
            Path workDir = Path.of(words[1]);
            long daemon = Long.parseLong(words[2]);
            assertTrue(Files.isDirectory(workDir), workDir + " was made on the machine (this host's file system)");
            assertTrue(Processes.running(daemon), "the daemon runs");

            assertEquals(List.of(), SshInventoryBackend.parse(inventory.toString()).sweepLeftovers(),
                    "a live run's folder and daemon are left alone");
            assertTrue(Files.isDirectory(workDir) && Processes.running(daemon));

            List<String> helpers = helpers();
            assertEquals(1, helpers.size(), "the run's commands went through one exec helper: " + helpers);
            Path helperFolder = Files.readSymbolicLink(Path.of("/proc", helpers.get(0), "exe")).getParent();

            run.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            run.waitFor();
            assertTrue(Files.isDirectory(workDir) && Processes.running(daemon), "SIGKILL left the folder and the daemon");
            // the helper is not clean's to find: it ends with its connection, and its shell removes its folder
            for (int i = 0; i < 100 && (!helpers().isEmpty() || Files.exists(helperFolder)); i++) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), helpers(), "no exec helper outlives the killed run's connection");
            assertFalse(Files.exists(helperFolder), "the helper's folder went with it: " + helperFolder);

            String[] said = clean();
            assertEquals("0", said[0], said[1] + said[2]);
            assertTrue(said[1].contains("ssh:" + inventory + ": ssh work folder " + workDir + " on c0")
                    && said[1].contains("processes " + daemon + " sleep 300"), said[1]);
            assertFalse(Files.exists(workDir), "the work folder is deleted");
            for (int i = 0; i < 100 && Processes.running(daemon); i++) {
                Thread.sleep(100); // SIGKILL is delivered at once; init reaps the orphan soon after
            }
            assertFalse(Processes.running(daemon), "the daemon is killed");

            String[] again = clean();
            assertEquals("0", again[0], again[2]);
            assertEquals("", again[1], "the record went with what it named: nothing is left to clean");
        } finally {
            run.destroyForcibly();
        }
    }

    /** The exec helpers running on the machine, as pids. */
    private static List<String> helpers() {
        return machines.processes().stream().filter(pid -> {
            try {
                return Files.readString(Path.of("/proc", pid, "comm")).strip().equals("vb-exec");
            } catch (java.io.IOException e) {
                return false; // ended meanwhile
            }
        }).toList();
    }

    /** Runs {@code virtbench clean --backend ssh:INVENTORY}: exit code, stdout, stderr. */
    private static String[] clean() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ClassLoader loader = SshCleanTest.class.getClassLoader();
        CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(PlanIndex.load(loader)),
                ServiceLoader.load(BackendProvider.class, loader).stream().map(ServiceLoader.Provider::get).toList(), dir,
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int code = Main.execute(env, "clean", "--backend", "ssh:" + inventory);
        return new String[] {Integer.toString(code), stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8)};
    }
}
