package org.virtbench.suites.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RsyncOutputTest {
    @Test
    void readsOneLargeFile() {
        RsyncOutput out = RsyncOutput.parse(Captured.output("rsync/rsync-3.5-iso.txt"));
        assertEquals(46, out.sentBytes());
        assertEquals(5_001_334L, out.receivedBytes());
        assertEquals(10_002_760.00, out.bytesPerSecond(), 1e-6);
        assertEquals(5_000_000L, out.totalSizeBytes());
        assertEquals(1.00, out.speedup(), 1e-9);
    }

    @Test
    void readsATreeAfterItsFileList() {
        RsyncOutput out = RsyncOutput.parse(Captured.output("rsync/rsync-3.5-tree-lib.txt"));
        assertEquals(10_437L, out.sentBytes());
        assertEquals(6_720_191L, out.receivedBytes());
        assertEquals(6_685_319L, out.totalSizeBytes());
        assertEquals(0.99, out.speedup(), 1e-9);
    }

    @Test
    void readsDigitsWithoutGrouping() {
        RsyncOutput out = RsyncOutput.parse("sent 46 bytes  received 5001334 bytes  10002760.00 bytes/sec\n"
                + "total size is 5000000  speedup is 1.00\n");
        assertEquals(5_001_334L, out.receivedBytes());
        assertEquals(5_000_000L, out.totalSizeBytes());
    }

    @Test
    void anUnknownModuleIsRejected() {
        UnparsableOutputException e = assertThrows(UnparsableOutputException.class,
                () -> RsyncOutput.parse(Captured.output("rsync/rsync-unknown-module.txt")));
        assertEquals("rsync", e.tool());
        assertTrue(e.getMessage().contains("Unknown module"), e.getMessage());
    }
}
