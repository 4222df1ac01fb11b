package org.virtbench.runner.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.transport.HostCommands;

class SystemHelpersTest {
    @Test
    void mountPathsAreUnescapedAsTheKernelEscapesThem() {
        assertEquals("/var/tmp/a b\tc\\d", Mounts.unescape("/var/tmp/a\\040b\\011c\\134d"));
        assertEquals("/plain", Mounts.unescape("/plain"));
        assertEquals("/odd\\9", Mounts.unescape("/odd\\9"));
    }

    @Test
    void removeTreeUnmountsFirstAndNeverDeletesThroughAMount(@TempDir Path dir) throws Exception {
        Path mounted = Files.createDirectories(dir.resolve("tree/a/mnt"));
        HostCommands.require("mount", "-t", "tmpfs", "tmpfs", mounted.toString());
        try {
            Files.writeString(mounted.resolve("inside"), "x");
            assertEquals(List.of(mounted), Mounts.under(dir).stream().map(Mounts.Mount::mountPoint).toList());
            assertTrue(Mounts.isMountPoint(mounted));
            Mounts.removeTree(dir.resolve("tree"));
            assertFalse(Files.exists(dir.resolve("tree")));
            assertEquals(List.of(), Mounts.under(dir));
        } finally {
            HostCommands.run("umount", mounted.toString());
        }
    }

    @Test
    void processesWorkingInADirectoryAreFoundAndKilled(@TempDir Path dir) throws Exception {
        Process inside = new ProcessBuilder("sleep", "60").directory(dir.toFile()).start();
        Process outside = new ProcessBuilder("sleep", "60").start();
        try {
            assertTrue(Processes.using(dir).contains(inside.pid()));
            assertFalse(Processes.using(dir).contains(outside.pid()));
            assertTrue(Processes.killUsing(dir) >= 1);
            assertTrue(inside.waitFor(5, TimeUnit.SECONDS), "the process in the directory still runs");
            assertTrue(outside.isAlive(), "a process elsewhere was killed");
        } finally {
            inside.destroyForcibly();
            outside.destroyForcibly();
        }
    }

    @Test
    void anOwnerIsAliveWhileItsProcessRunsWithTheSameStart(@TempDir Path dir) throws Exception {
        Path owner = dir.resolve("owner");
        assertFalse(OwnerFile.ownerAlive(owner), "no file, no owner");
        OwnerFile.claim(owner);
        assertTrue(OwnerFile.ownerAlive(owner));
        Files.writeString(owner, ProcessHandle.current().pid() + " 1970-01-01T00:00:00Z\n");
        assertFalse(OwnerFile.ownerAlive(owner), "same pid, other start: a reused pid");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(owner, gone.pid() + " -\n");
        assertFalse(OwnerFile.ownerAlive(owner));
    }
}
