package org.virtbench.runner.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
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
                released + 257 * MS, 1.0), released, OptionalLong.of(got), Optional.empty(), released + 259 * MS);
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
                released + 1006 * MS, 1.03), released, OptionalLong.of(released + 2 * MS), Optional.empty(), released + 1007 * MS);
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
                released + 350 * MS, 1.0), released, OptionalLong.of(released + 2 * MS), Optional.empty(), released + 300 * MS);
        assertEquals(SpanSource.GATE_HOST_READINGS, span.source());
        assertEquals(released, span.startNanos());
        assertEquals(released + 300 * MS, span.endNanos());
        assertTrue(span.note().contains("outside the host's readings"), span.note());
    }

    @Test
    void withoutTheReceiptLineTheHostsReadingsStand() {
        long released = 2_000 * MS;
        StartWrapper.Span span = StartWrapper.spanOwnClock(stamps(released, released, released + 10 * MS, 1.0),
                released, OptionalLong.empty(), Optional.empty(), released + 12 * MS);
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
        long holdMicros = GateHold.of(2).toNanos() / 1000;
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

    private static long[] words(java.io.ByteArrayOutputStream line) {
        String[] w = line.toString(java.nio.charset.StandardCharsets.US_ASCII).trim().split(" ");
        return new long[] {Long.parseLong(w[0]), Long.parseLong(w[1])};
    }

    @Test
    void aProbedGuestIsToldTheCommonInstantOnItsOwnClockAndALateOneSaysSo() throws Exception {
        StartLine line = new StartLine(java.util.List.of(0, 1, 2, 3));
        java.io.ByteArrayOutputStream[] out = new java.io.ByteArrayOutputStream[4];
        for (int i = 0; i < 4; i++) {
            out[i] = new java.io.ByteArrayOutputStream();
        }
        WallClock.Offset first = new WallClock.Offset(GUEST_OFFSET, 500_000L);
        WallClock.Offset second = new WallClock.Offset(GUEST_OFFSET + 7_777 * MS, 100_000L);
        line.seat(0).ready(out[0], first);
        line.seat(1).ready(out[1], second);
        line.seat(2).ready(out[2], true); // own clock, but no probe answered: the relative fallback
        line.seat(3).ready(out[3]); // the host's kernel
        long before = System.nanoTime();
        assertEquals(4, line.open(java.time.Duration.ofSeconds(1)));

        // every absolute line names the same host instant, each on its own clock (to the line's microsecond)
        long instant0 = words(out[0])[0] * 1000 - first.nanos();
        long instant1 = words(out[1])[0] * 1000 - second.nanos();
        long instant3 = words(out[3])[0] * 1000 - line.offset().orElseThrow().nanos();
        assertTrue(Math.abs(instant0 - instant1) <= 1_000 && Math.abs(instant0 - instant3) <= 1_000 + 1_000
                + line.offset().get().uncertainty(), instant0 + " " + instant1 + " " + instant3);
        java.time.Duration hold = GateHold.of(4, java.util.List.of(first, second));
        assertTrue(instant0 >= before + hold.toNanos() - 1_000, "the instant lies the hold ahead of the open");
        assertTrue(out[2].toString(java.nio.charset.StandardCharsets.US_ASCII).startsWith("+"),
                "a guest without a probed clock is told how long to hold");
        assertEquals(words(out[3])[1] + 2 * 500, words(out[0])[1], "the cap allows for the probe's uncertainty");

        // guest 0 got the release ahead of the instant: its gate opened at the instant
        StartWrapper.Span onTime = new StartWrapper.Span(instant0 + 1 * MS, instant0 + 100 * MS,
                SpanSource.GATE_GUEST_CLOCK, null, instant0 - 2 * MS, null);
        line.seat(0).finished(null, onTime);
        GateOpening opened0 = line.seat(0).opening().orElseThrow();
        assertEquals(instant0, opened0.openNanos(), 1_000);
        assertFalse(opened0.late());
        assertEquals(500_000L, opened0.uncertaintyNanos(), "the probe's uncertainty");
        // guest 1 got it 3 ms after the instant: it opened on arrival, late
        StartWrapper.Span late = new StartWrapper.Span(instant0 + 4 * MS, instant0 + 100 * MS,
                SpanSource.GATE_GUEST_CLOCK, null, instant0 + 3 * MS, null);
        line.seat(1).finished(null, late);
        GateOpening opened1 = line.seat(1).opening().orElseThrow();
        assertTrue(opened1.late(), "the release reached it after the instant");
        assertEquals(instant0 + 3 * MS, opened1.openNanos());
        assertEquals(3 * MS + 500_000L + 100_000L, GateOpening.spread(java.util.List.of(opened0, opened1)), 1_000);
    }

    @Test
    void theHoldCoversTheOwnClockGuestsRoundTripsAndIsCapped() {
        WallClock.Offset slow = new WallClock.Offset(GUEST_OFFSET, 3 * MS); // a 6 ms round trip
        WallClock.Offset quick = new WallClock.Offset(GUEST_OFFSET, MS / 10);
        assertEquals(GateHold.of(2), GateHold.of(2, java.util.List.of()), "host guests alone: the plain hold");
        long two = GateHold.of(2, java.util.List.of(slow, quick)).toNanos();
        assertTrue(two >= 4 * 6 * MS + 2 * GateHold.OWN_CLOCK_DELIVERY_NANOS, "four of the largest round trip: " + two);
        assertTrue(GateHold.of(32, java.util.Collections.nCopies(32, slow)).toNanos()
                >= GateHold.of(4, java.util.Collections.nCopies(4, slow)).toNanos(), "more guests, no shorter hold");
        assertEquals(GateHold.MAX_HOLD_NANOS, GateHold.of(2, java.util.List.of(new WallClock.Offset(0, 10_000 * MS)))
                .toNanos(), "capped");
    }

    @Test
    void theTighterOfTheProbeAndTheReleaseConvertsTheStamps() {
        long released = 3_000 * MS;
        // the release's own round trip was slow (40 ms): its midpoint is 18 ms off the truth
        StartWrapper.Stripped s = stamps(released + 2 * MS, released + 10 * MS, released + 510 * MS, 1.0);
        OptionalLong slowGot = OptionalLong.of(released + 40 * MS);
        WallClock.Offset probe = new WallClock.Offset(GUEST_OFFSET + 200_000L, 300_000L); // 0.2 ms off, 0.6 ms trip
        StartWrapper.Span viaProbe = StartWrapper.spanOwnClock(s, released, slowGot, Optional.of(probe),
                released + 512 * MS);
        assertEquals(SpanSource.GATE_GUEST_CLOCK, viaProbe.source(), viaProbe.note());
        assertEquals(released + 10 * MS - 200_000L, viaProbe.startNanos(), "converted through the probe");
        StartWrapper.Span viaRelease = StartWrapper.spanOwnClock(s, released, slowGot, Optional.empty(),
                released + 512 * MS);
        assertEquals(released + 10 * MS + 18 * MS, viaRelease.startNanos(), "through the release's midpoint");
        // a probe with a longer round trip than the release's loses to it
        WallClock.Offset worse = new WallClock.Offset(GUEST_OFFSET + 9 * MS, 30 * MS);
        assertEquals(viaRelease.startNanos(), StartWrapper.spanOwnClock(s, released, slowGot, Optional.of(worse),
                released + 512 * MS).startNanos());
        // without the receipt line, the probe alone converts
        assertEquals(viaProbe.startNanos(), StartWrapper.spanOwnClock(s, released, OptionalLong.empty(),
                Optional.of(probe), released + 512 * MS).startNanos());
    }

    @Test
    void theLineProbesEachOwnClockAgainBeforeTheReleaseAndKeepsTheTighterOffset() throws Exception {
        StartLine line = new StartLine(java.util.List.of(0, 1, 2));
        java.io.ByteArrayOutputStream[] out = {new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream(),
                new java.io.ByteArrayOutputStream()};
        WallClock.Offset rough = new WallClock.Offset(GUEST_OFFSET, 20 * MS); // probed while the others started
        WallClock.Offset tight = new WallClock.Offset(GUEST_OFFSET + 3 * MS, MS / 5); // probed at the line
        java.util.List<Integer> probedAt = new java.util.ArrayList<>();
        line.seat(0).ready(out[0], rough, () -> {
            probedAt.add(out[0].size());
            return Optional.of(tight);
        });
        line.seat(1).ready(out[1], tight, () -> Optional.of(rough));
        line.seat(2).ready(out[2], rough, () -> {
            throw new java.io.IOException("the guest is gone");
        });
        assertEquals(3, line.open(java.time.Duration.ofSeconds(1)));
        assertEquals(java.util.List.of(0), probedAt, "probed again before its release was written");
        assertEquals(Optional.of(tight), line.seat(0).guestClock(), "the tighter probe wins");
        assertEquals(Optional.of(tight), line.seat(1).guestClock(), "a looser probe does not replace a tighter one");
        assertEquals(Optional.of(rough), line.seat(2).guestClock(), "a failed probe keeps the earlier offset");
        long instant0 = words(out[0])[0] * 1000 - tight.nanos();
        long instant1 = words(out[1])[0] * 1000 - tight.nanos();
        assertEquals(instant0, instant1, 1_000, "both told the same instant through the tight offset");
    }

    @Test
    void anInterruptWhileProbingStillReleasesEverySeat() throws Exception {
        StartLine line = new StartLine(java.util.List.of(0, 1));
        java.io.ByteArrayOutputStream[] out = {new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream()};
        WallClock.Offset clock = new WallClock.Offset(GUEST_OFFSET, MS);
        line.seat(0).ready(out[0], clock, () -> {
            throw new InterruptedException();
        });
        line.seat(1).ready(out[1], clock, () -> Optional.of(clock));
        try {
            assertEquals(2, line.open(java.time.Duration.ofSeconds(1)));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertTrue(out[0].size() > 0 && out[1].size() > 0, "no command is left waiting at a closed gate");
    }
}
