package org.virtbench.runner.start;

/**
 * A measured command's elapsed time on the guest's own clock and on the host's, for a guest with
 * its own kernel: the two should agree, and a guest clock that ran fast or slow (emulated timers
 * under load) is flagged, never used in place of the host's.
 *
 * @param guestNanos       elapsed on the guest's clock, between its own stamps
 * @param hostNanos        elapsed on the host's clock, as far as the host can see it
 * @param uncertaintyNanos how far apart the two may be from the way they are taken alone
 *                         (the round trip to the guest, the stamps' resolution)
 */
public record ClockCheck(long guestNanos, long hostNanos, long uncertaintyNanos) {
    /** The resolution of the wrapper's stamps ({@code $EPOCHREALTIME}: microseconds). */
    static final long STAMP_RESOLUTION_NANOS = 1_000L;
}
