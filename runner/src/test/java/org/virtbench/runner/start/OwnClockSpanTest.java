package org.virtbench.runner.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.virtbench.runner.transport.ssh.ClockDrift;

/** A guest with its own kernel: its stamps converted through the release's round trip, and its drift. */
class OwnClockSpanTest {
    private static final long MS = 1_000_000L;
    /** The guest's wall clock reads this far from the host's monotonic clock: nothing alike. */
    private static final long GUEST_OFFSET = 1_795_000_000_000_000_000L;

    private static StartWrapper.Stripped stamps(long receivedHost, long startHost, long endHost, double rate) {
        long r = GUEST_OFFSET + receivedHost;
        return new StartWrapper.Stripped("", OptionalLong.of(r), OptionalLong.of(r + Math.round((startHost - receivedHost) * rate)),
                OptionalLong.of(r + Math.round((endHost - receivedHost) * rate)));
    }

    @Test
    void convertsTheGuestsStampsThroughTheMidpointOfTheReleasesRoundTrip() {
        long released = 1_000 * MS;
        long got = released + 4 * MS; // the guest read its clock at released + 2 ms
        StartWrapper.Span span = StartWrapper.spanOwnClock(stamps(released + 2 * MS, released + 7 * MS,
                released + 257 * MS, 1.0), released, OptionalLong.of(got), released + 259 * MS);
        assertEquals(SpanSource.GATE_GUEST_CLOCK, span.source(), span.note());
        assertEquals(released + 7 * MS, span.startNanos());
        assertEquals(released + 257 * MS, span.endNanos());
        assertEquals(released + 2 * MS, span.receivedNanos());
        ClockCheck clock = span.clock();
        assertEquals(250 * MS, clock.guestNanos());
        assertEquals(250 * MS, clock.hostNanos(), "release to end seen, less the round trip and the hold");
        assertFalse(ClockDrift.of(clock).flagged(ClockDrift.DEFAULT_LIMIT));
    }

    @Test
    void aGuestClockThatRunsThreePercentFastIsFlagged() {
        long released = 5_000 * MS;
        StartWrapper.Span span = StartWrapper.spanOwnClock(stamps(released + 1 * MS, released + 6 * MS,
                released + 1006 * MS, 1.03), released, OptionalLong.of(released + 2 * MS), released + 1007 * MS);
        ClockDrift drift = ClockDrift.of(span.clock());
        assertEquals(0.03, drift.drift(), 0.002);
        assertTrue(drift.flagged(ClockDrift.DEFAULT_LIMIT), drift.toString());
        assertEquals(0.03, ClockDrift.figures(span.clock()).get(ClockDrift.DRIFT_FIGURE), 0.002);
    }

    @Test
    void stampsOutsideTheHostsReadingsFallBackToThemAndSayWhy() {
        long released = 9_000 * MS;
        // the command "ended" 50 ms after the host saw it end: the conversion cannot be right
        StartWrapper.Span span = StartWrapper.spanOwnClock(stamps(released + 1 * MS, released + 2 * MS,
                released + 350 * MS, 1.0), released, OptionalLong.of(released + 2 * MS), released + 300 * MS);
        assertEquals(SpanSource.GATE_HOST_READINGS, span.source());
        assertEquals(released, span.startNanos());
        assertEquals(released + 300 * MS, span.endNanos());
        assertTrue(span.note().contains("outside the host's readings"), span.note());
    }

    @Test
    void withoutTheReceiptLineTheHostsReadingsStand() {
        long released = 2_000 * MS;
        StartWrapper.Span span = StartWrapper.spanOwnClock(stamps(released, released, released + 10 * MS, 1.0),
                released, OptionalLong.empty(), released + 12 * MS);
        assertEquals(SpanSource.GATE_HOST_READINGS, span.source());
        assertNull(span.clock());
    }

    @Test
    void theLineTellsAGuestOfItsOwnKernelHowLongToHoldAndAGuestOfTheHostsUntilWhen() throws Exception {
        StartLine line = new StartLine(java.util.List.of(0, 1));
        java.io.ByteArrayOutputStream own = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream shared = new java.io.ByteArrayOutputStream();
        line.seat(0).ready(own, true);
        line.seat(1).ready(shared, false);
        assertEquals(2, line.open(java.time.Duration.ofSeconds(1)));
        String[] relative = own.toString(java.nio.charset.StandardCharsets.US_ASCII).trim().split(" ");
        String[] absolute = shared.toString(java.nio.charset.StandardCharsets.US_ASCII).trim().split(" ");
        long holdMicros = StartLine.hold(2).toNanos() / 1000;
        assertTrue(relative[0].startsWith("+"), "a hold, not an instant: " + relative[0]);
        long held = Long.parseLong(relative[0].substring(1));
        assertTrue(held >= 0 && held <= holdMicros, held + " of at most " + holdMicros);
        assertEquals(relative[1], absolute[1], "the same longest hold");
        long instant = Long.parseLong(absolute[0]);
        long wallNow = java.time.Instant.now().toEpochMilli() * 1000;
        assertTrue(instant > wallNow - 60_000_000L && instant < wallNow + 60_000_000L,
                "an instant on the wall clock: " + instant);
    }

    @Test
    void aGuestOfItsOwnKernelIsToldHowLongToHoldNotUntilWhen() {
        assertEquals("+5000 6000\n", StartWrapper.relativeReleaseLine(5 * MS, 6 * MS));
        assertEquals("+0 0\n", StartWrapper.relativeReleaseLine(-3 * MS, 0));
        assertEquals(OptionalLong.of(1_795_667_280_644_345_000L),
                StartWrapper.gotStamp(StartWrapper.GOT + " abc 1795667280.644345", "abc"));
        assertTrue(StartWrapper.gotStamp(StartWrapper.GOT + " other 1795667280.644345", "abc").isEmpty());
    }
}
