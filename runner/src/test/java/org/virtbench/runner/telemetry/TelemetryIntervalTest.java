package org.virtbench.runner.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TelemetryIntervalTest {
    @Test
    void parsesOffSecondsAndMilliseconds() {
        assertFalse(TelemetryInterval.parse("off").enabled());
        assertEquals(1000, TelemetryInterval.parse("1s").millis());
        assertEquals(250, TelemetryInterval.parse("250ms").millis());
        assertEquals(TelemetryInterval.DEFAULT, TelemetryInterval.parse(null));
        assertEquals("250ms", TelemetryInterval.parse("250ms").toString());
        assertEquals("1s", TelemetryInterval.DEFAULT.toString());
    }

    @Test
    void refusesWhatIsNotAPeriod() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TelemetryInterval.parse("fast"));
        assertTrue(e.getMessage().contains("off, 1s or 250ms"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TelemetryInterval.parse("10ms"));
    }

    @Test
    void parsesProcFiles() {
        ProcStat s = ProcStat.parse("cpu  10 1 5 100 4 0 2 3 0 0\ncpu0 5 0 2 50 2 0 1 1 0 0\ncpu1 5 1 3 50 2 0 1 2 0 0\n"
                + "ctxt 77\nbtime 1700000000\n").orElseThrow();
        assertEquals(2, s.cpus());
        assertEquals(125, s.cpu().total());
        assertEquals(3, s.cpu().steal());
        assertEquals(77, s.contextSwitches());
        Pressure p = Pressure.parse("some avg10=1.50 avg60=0.00 avg300=0.00 total=1234\n"
                + "full avg10=0.25 avg60=0.00 avg300=0.00 total=99\n").orElseThrow();
        assertEquals(1.5, p.someAvg10());
        assertEquals(99L, p.fullMicros());
        assertEquals(123L * 1024, HostSnapshot.memAvailable("MemTotal: 1 kB\nMemAvailable:     123 kB\n"));
        assertEquals(new ProcessTimes(7, 3), ProcessTimes.parse("42 (a (b) c) S 1 2 3 4 5 6 7 8 9 10 7 3 0 0 20"));
    }
}
