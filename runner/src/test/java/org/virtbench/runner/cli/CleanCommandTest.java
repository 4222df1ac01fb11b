package org.virtbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.backend.host.HostBackend;
import org.virtbench.runner.backend.host.HostBackendProvider;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.system.OwnerFile;
import org.virtbench.runner.system.RunFolder;
import org.virtbench.runner.system.RunIdentity;
import org.virtbench.runner.system.StateFolders;

/** {@code virtbench clean} removes a dead run's leftovers, lists them, and leaves live runs alone. */
class CleanCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int virtbench(String... args) {
        CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(List.of()),
                List.of(new HostBackendProvider()), dir.resolve("results"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return Main.execute(env, args);
    }

    @Test
    void removesADeadHostRunAndTheProcessStillWorkingInItAndListsThem() throws Exception {
        Path root = StateFolders.checkedFolder(HostBackend.DEFAULT_ROOT);
        Path dead = StateFolders.newFolder(root.resolve(ProcessHandle.current().pid() + "-clean-dead"));
        writeDeadOwner(dead.resolve(RunFolder.OWNER)); // pid 1, but another start: a dead owner
        Path live = StateFolders.newFolder(root.resolve(ProcessHandle.current().pid() + "-clean-live"));
        OwnerFile.claim(live.resolve(RunFolder.OWNER));
        Path planted = Files.createDirectory(root.resolve(ProcessHandle.current().pid() + "-clean-planted"));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
        writeDeadOwner(planted.resolve(RunFolder.OWNER));
        Process orphan = new ProcessBuilder("sleep", "300").directory(dead.toFile()).start();
        try {
            assertEquals(0, virtbench("clean", "--backend", "host"), err.toString(StandardCharsets.UTF_8));
            String listed = out.toString(StandardCharsets.UTF_8);
            assertTrue(listed.contains("host: host run folder " + dead), listed);
            assertFalse(listed.contains(live.toString()) || listed.contains(planted.toString()), listed);
            assertFalse(Files.exists(dead));
            assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the orphan working in it was killed");
            assertTrue(Files.exists(live.resolve(RunFolder.OWNER)), "a live run is left alone");
            assertTrue(Files.exists(planted.resolve(RunFolder.OWNER)), "a folder it cannot prove is its own is left alone");
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("leftover(s) removed"));
        } finally {
            orphan.destroyForcibly();
            StateFolders.deleteTree(live);
            StateFolders.deleteTree(planted);
        }
    }

    @Test
    void terminalLinesCarryNoControlCharacters() {
        assertEquals("a b \\x1b[31mred\\x07!", Main.oneLine("a\r\n b \u001b[31mred\u0007!"));
    }

    /** An owner file as a run writes it, naming pid 1 with a start that is not pid 1's. */
    private static void writeDeadOwner(Path file) throws java.io.IOException {
        Files.write(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(
                new RunIdentity("0123456789abcdef", 1, "2000-01-01T00:00:00Z", RunIdentity.currentBootId())));
    }
}
