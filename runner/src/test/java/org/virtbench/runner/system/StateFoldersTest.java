package org.virtbench.runner.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.runner.backend.host.HostBackend;

/** virtbench's own folders: made private, never through a symlink, swept only when provably ours. */
class StateFoldersTest {
    @TempDir
    Path dir;

    private static final int OTHER_UID = 54321;

    @Test
    void noMainCodeKeepsAFixedNameInASharedFolder() {
        for (Path p : List.of(HostBackend.DEFAULT_ROOT, StateFolders.root())) {
            assertFalse(p.startsWith("/tmp") || p.startsWith("/var/tmp"), p.toString());
        }
        assertFalse(StateFolders.GUEST_WORK.startsWith("/tmp") || StateFolders.GUEST_WORK.startsWith("/var/tmp"));
    }

    @Test
    void aFolderIsMadePrivateAndAnUnsafeOneIsRefused() throws Exception {
        Path made = StateFolders.checkedFolder(dir.resolve("a/b"));
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));

        Path target = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThrows(IOException.class, () -> StateFolders.checkedFolder(link.resolve("area")));
        assertFalse(Files.exists(target.resolve("area")), "nothing is made through the symlink");

        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(assertThrows(IOException.class, () -> StateFolders.checkedFolder(open)).getMessage()
                .contains("chmod go-w"));

        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.setAttribute(foreign, "unix:uid", OTHER_UID);
        assertTrue(assertThrows(IOException.class, () -> StateFolders.checkedFolder(foreign)).getMessage()
                .contains("uid " + OTHER_UID));

        assertThrows(FileAlreadyExistsException.class, () -> StateFolders.newFolder(made));
        assertThrows(FileAlreadyExistsException.class, () -> StateFolders.newFolder(link));
    }

    @Test
    void onlyFoldersProvablyOursCountAsOurs() throws Exception {
        Path ours = StateFolders.newFolder(dir.resolve("ours"));
        assertTrue(StateFolders.isOurs(ours));
        assertFalse(StateFolders.isOurs(Files.createSymbolicLink(dir.resolve("link"), ours)));
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertFalse(StateFolders.isOurs(open));
        Path foreign = StateFolders.newFolder(dir.resolve("foreign"));
        Files.setAttribute(foreign, "unix:uid", OTHER_UID);
        assertFalse(StateFolders.isOurs(foreign));
    }

    @Test
    void deletingATreeRemovesLinksNeverTheirTargets() throws Exception {
        Path victim = Files.createDirectory(dir.resolve("victim"));
        Files.writeString(victim.resolve("keep"), "precious");
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        Files.createSymbolicLink(tree.resolve("to-victim"), victim);
        Files.createSymbolicLink(dir.resolve("tree/file-link"), victim.resolve("keep"));
        StateFolders.deleteTree(dir.resolve("tree"));
        assertFalse(Files.exists(dir.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("precious", Files.readString(victim.resolve("keep")));
    }

    @Test
    void theHostBackendNeverWorksThroughASymlinkedRoot() throws Exception {
        Path target = Files.createDirectory(dir.resolve("target"));
        Path root = Files.createSymbolicLink(dir.resolve("root"), target);
        HostBackend backend = new HostBackend(root);
        assertTrue(backend.probe().whyNot().isPresent(), "the probe says why");
        assertThrows(BackendException.class, () -> backend.provision(
                new ProvisionRequest(1, 1L << 30, false, List.of(), Files.createDirectory(dir.resolve("logs")))));
        try (var left = Files.list(target)) {
            assertEquals(List.of(), left.toList(), "nothing was made in the symlink's target");
        }
    }

    @Test
    void theSweepLeavesAFolderItCannotProveIsOurs() throws Exception {
        Path root = StateFolders.checkedFolder(dir.resolve("host"));
        Path planted = Files.createDirectory(root.resolve("planted"));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(planted.resolve(".owner"), "1 12345"); // a dead owner, but not our folder
        HostBackend backend = new HostBackend(root);
        backend.provision(new ProvisionRequest(1, 1L << 30, false, List.of(),
                Files.createDirectory(dir.resolve("logs")))).close();
        assertTrue(Files.exists(planted.resolve(".owner")), "left alone");
    }

    @Test
    void ownerFilesOfEarlierVersionsStillNameALiveOwner() throws Exception {
        ProcessHandle self = ProcessHandle.current();
        Path owner = dir.resolve("owner");
        Files.writeString(owner, self.pid() + " " + self.info().startInstant().orElseThrow().toEpochMilli() + "\n");
        assertTrue(OwnerFile.ownerAlive(owner), "pid and epoch milliseconds, as host and qemu runs wrote them");
        Files.writeString(owner, self.pid() + " 12345\n");
        assertFalse(OwnerFile.ownerAlive(owner), "another start: a reused pid");
        Files.writeString(owner, self.pid() + " 0\n");
        assertTrue(OwnerFile.ownerAlive(owner), "start unknown");
    }

    @Test
    void processesAreMatchedByWholePathComponents() {
        assertTrue(Processes.mentions(List.of("qemu", "-drive", "file=/w/run-1/disk.qcow2,if=virtio"), "/w/run-1"));
        assertTrue(Processes.mentions(List.of("/w/run-1"), "/w/run-1"));
        assertTrue(Processes.mentions(List.of("-pidfile", "/w/run-1/q.pid"), "/w/run-1"));
        assertFalse(Processes.mentions(List.of("file=/w/run-10/disk.qcow2"), "/w/run-1"));
        assertFalse(Processes.mentions(List.of("/x/w/run-1"), "/w/run-1"));
    }
}
