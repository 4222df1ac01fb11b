package org.virtbench.runner.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.virtbench.guest.CommandResult;

class GuestClockTest {
    @Test
    void stripsTheWrapperLinesAndComputesTheGuestSpan() {
        GuestClock.Parsed p = GuestClock.parse("VIRTBENCH-PID 4242\nwarning: x\n\nVIRTBENCH-CLOCK 12.34 15.01\n");
        assertEquals("warning: x\n", p.stderr());
        assertEquals(OptionalLong.of(2_670_000_000L), p.guestElapsedNanos());
        assertEquals(OptionalLong.of(4242), p.pid());
    }

    @Test
    void keepsWhatACommandWroteThatLooksLikeTheMarkerButIsNotLast() {
        String err = "VIRTBENCH-PID 1\nVIRTBENCH-CLOCK 1.00 2.00\nmore\n\nVIRTBENCH-CLOCK 3.00 4.50\n";
        GuestClock.Parsed p = GuestClock.parse(err);
        assertEquals("VIRTBENCH-CLOCK 1.00 2.00\nmore\n", p.stderr());
        assertEquals(OptionalLong.of(1_500_000_000L), p.guestElapsedNanos());
    }

    @Test
    void leavesForeignOutputAlone() {
        GuestClock.Parsed p = GuestClock.parse("plain error");
        assertEquals("plain error", p.stderr());
        assertTrue(p.guestElapsedNanos().isEmpty());
        assertTrue(p.pid().isEmpty());
    }

    @Test
    void wrapsTheCommandWithInputFromDevNullAndKeepsItsStatus() {
        String w = GuestClock.wrap("bzip2 -9 'a file'");
        assertTrue(w.contains("{ bzip2 -9 'a file'\n} </dev/null;"), w);
        assertTrue(w.endsWith("exit $vb_rc"), w);
    }

    @Test
    void driftIsFlaggedOnlyBeyondResolutionAndOverhead() {
        long s = 1_000_000_000L;
        CommandResult fast = new CommandResult("x", 0, "", "", 0, 10 * s, OptionalLong.of(10_500_000_000L));
        ClockDrift d = ClockDrift.ofSsh(fast, 0).orElseThrow();
        assertEquals(1.05, d.ratio(), 1e-9);
        assertTrue(d.flagged(ClockDrift.DEFAULT_LIMIT));

        CommandResult close = new CommandResult("x", 0, "", "", 0, 10 * s, OptionalLong.of(10_050_000_000L));
        assertFalse(ClockDrift.ofSsh(close, 0).orElseThrow().flagged(ClockDrift.DEFAULT_LIMIT));

        // 40 ms of a 100 ms span is transport overhead: the guest's 60 ms are right, not 40 % slow
        CommandResult shortOne = new CommandResult("x", 0, "", "", 0, 100_000_000L, OptionalLong.of(60_000_000L));
        assertFalse(ClockDrift.ofSsh(shortOne, 40_000_000L).orElseThrow().flagged(ClockDrift.DEFAULT_LIMIT));
        assertTrue(ClockDrift.ofSsh(new CommandResult("x", 0, "", "", 0, 1, OptionalLong.empty()), 0).isEmpty());
    }
}
