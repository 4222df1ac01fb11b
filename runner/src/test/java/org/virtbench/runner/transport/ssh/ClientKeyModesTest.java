package org.virtbench.runner.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH client key is its owner's alone: made so, and narrowed when found wider. */
class ClientKeyModesTest {
    @TempDir
    Path dir;

    @Test
    void thePrivateKeyAndItsFolderAreTheOwnersOnlyAlsoWhenFoundWider() throws Exception {
        ClientKey key = ClientKey.ensure(dir.resolve("client"));
        assertEquals("rw-------", mode(key.privateKey()));
        assertEquals("rwx------", mode(key.privateKey().getParent()));

        Files.setPosixFilePermissions(key.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(key.privateKey().getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        String before = Files.readString(key.privateKey());
        ClientKey again = ClientKey.ensure(dir.resolve("client"));
        assertEquals(before, Files.readString(again.privateKey()), "the same key, not a new one");
        assertEquals("rw-------", mode(again.privateKey()), "an earlier, wider key is narrowed on use");
        assertEquals("rwx------", mode(again.privateKey().getParent()));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
