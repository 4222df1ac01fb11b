package org.virtbench.runner.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PinnedHostKeyTest {
    // ssh-keygen -l prints SHA256:8k3ARK+Hp/ws92Bkzaab37BEFRJZHiFMHHqlflQF9dc for this key
    private static final String LINE =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHm6ZWeSvbyT9G+9sh33cK4KQ5PnBIfAEg5jX2oJ7QDd root@example";

    @Test
    void parsesAnOpenSshLineAndPrintsOpenSshsFingerprint() {
        PinnedHostKey key = PinnedHostKey.parse(LINE, "test");
        assertEquals("ssh-ed25519", key.type());
        assertEquals("ssh-ed25519", key.signatureAlgorithms());
        assertEquals("SHA256:8k3ARK+Hp/ws92Bkzaab37BEFRJZHiFMHHqlflQF9dc", key.fingerprint());
        assertEquals("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHm6ZWeSvbyT9G+9sh33cK4KQ5PnBIfAEg5jX2oJ7QDd", key.toOpenSshLine());
    }

    @Test
    void rejectsATypeThatDisagreesWithTheBlob() {
        assertThrows(IllegalArgumentException.class, () -> PinnedHostKey.parse(LINE.replace("ssh-ed25519 AAAA", "ssh-rsa AAAA"), "t"));
        assertThrows(IllegalArgumentException.class, () -> PinnedHostKey.parse("garbage", "t"));
    }
}
