package org.virtbench.suites.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SysbenchOutputTest {
    @Test
    void readsAnOltpRun() {
        SysbenchOutput out = SysbenchOutput.parse(Captured.output("sysbench/sysbench-1.0.20-oltp_read_write-run.txt"));
        assertEquals(1000, out.transactions());
        assertEquals(267.25, out.transactionsPerSecond(), 1e-9);
        assertEquals(20000, out.queries());
        assertEquals(5344.99, out.queriesPerSecond(), 1e-9);
        assertEquals(0, out.ignoredErrors());
        assertEquals(3.7410, out.totalSeconds(), 1e-9);
        assertEquals(1000, out.events());
        assertEquals(3.74, out.latencyAvgMs(), 1e-9);
        assertEquals(217.76, out.latencyMaxMs(), 1e-9);
        assertEquals(7.98, out.latencyPercentileMs(), 1e-9);
        assertEquals(95, out.percentile());
    }

    @Test
    void noServerIsRejected() {
        UnparsableOutputException e = assertThrows(UnparsableOutputException.class,
                () -> SysbenchOutput.parse(Captured.output("sysbench/sysbench-1.0.20-no-server.txt")));
        assertEquals("sysbench", e.tool());
        assertTrue(e.getMessage().contains("unable to connect to MySQL server"), e.getMessage());
    }

    @Test
    void theOutputOfPrepareIsNotAResult() {
        assertThrows(UnparsableOutputException.class,
                () -> SysbenchOutput.parse(Captured.output("sysbench/sysbench-1.0.20-prepare.txt")));
    }
}
