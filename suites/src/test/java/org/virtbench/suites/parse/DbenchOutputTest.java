package org.virtbench.suites.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DbenchOutputTest {
    @Test
    void readsTheFinalThroughputNotTheProgressLines() {
        DbenchOutput out = DbenchOutput.parse(Captured.output("dbench/dbench-4.0-t10-4clients.txt"));
        assertEquals(591.523, out.megabytesPerSecond(), 1e-9);
        assertEquals(4, out.clients());
        assertEquals(4, out.procs());
        assertEquals(220.897, out.maxLatencyMs(), 1e-9);
    }

    @Test
    void aRunCutOffBeforeItsResultIsRejected() {
        String cut = Captured.output("dbench/dbench-cut-off.txt");
        UnparsableOutputException e = assertThrows(UnparsableOutputException.class, () -> DbenchOutput.parse(cut));
        assertEquals("dbench", e.tool());
        assertTrue(e.getMessage().contains("Throughput"), e.getMessage());
        assertEquals(cut, e.output());
    }
}
