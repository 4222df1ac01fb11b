package org.virtbench.suites.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetperfOutputTest {
    @Test
    void readsATcpStreamReport() {
        NetperfOutput out = NetperfOutput.parse(Captured.output("netperf/netperf-2.7-loopback-3s.txt"));
        assertEquals(131072, out.receiveSocketBytes());
        assertEquals(16384, out.sendSocketBytes());
        assertEquals(16384, out.messageBytes());
        assertEquals(3.00, out.elapsedSeconds(), 1e-9);
        assertEquals(31221.47, out.megabitsPerSecond(), 1e-9);
    }

    @Test
    void readsAReportAcrossThePeerNetwork() {
        NetperfOutput out = NetperfOutput.parse(Captured.output("netperf/netperf-2.7-peer-5s.txt"));
        assertTrue(out.megabitsPerSecond() > 0);
        assertEquals(5.0, out.elapsedSeconds(), 0.1);
    }

    @Test
    void convertsGigabitReports() {
        String report = Captured.output("netperf/netperf-2.7-loopback-3s.txt")
                .replace("10^6bits/sec", "10^9bits/sec").replace("31221.47", "31.22");
        assertEquals(31220.0, NetperfOutput.parse(report).megabitsPerSecond(), 1e-6);
    }

    @Test
    void noNetserverIsRejected() {
        UnparsableOutputException e = assertThrows(UnparsableOutputException.class,
                () -> NetperfOutput.parse(Captured.output("netperf/netperf-no-netserver.txt")));
        assertEquals("netperf", e.tool());
        assertTrue(e.getMessage().contains("are you sure there is a netserver"), e.getMessage());
    }

    @Test
    void aHeaderWithoutItsResultRowIsRejected() {
        String header = Captured.output("netperf/netperf-2.7-loopback-3s.txt").lines().limit(6)
                .reduce("", (a, b) -> a + b + "\n");
        assertThrows(UnparsableOutputException.class, () -> NetperfOutput.parse(header));
    }
}
