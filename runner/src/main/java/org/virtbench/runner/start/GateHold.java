package org.virtbench.runner.start;

import java.time.Duration;
import java.util.List;

/**
 * How far ahead of the release the {@link StartLine}'s common start instant lies: long enough for
 * the release to reach every guest, so that none starts late, and short, since the whole line
 * waits for it once per trial (the hold is not part of any measured span).
 */
public final class GateHold {
    private GateHold() {
    }

    /**
     * How far ahead of the release the common start instant lies: long enough for the release to
     * reach every guest (measured here: about 3 ms for 32 guests on two loaded cores), short next to
     * any measured command: 5 ms and 250 us a guest, 13 ms for 32.
     */
    public static Duration of(int guests) {
        return Duration.ofNanos(5_000_000L + 250_000L * guests);
    }

    /** Per own-clock guest, the time its release may take to reach it when all are released at once. */
    static final long OWN_CLOCK_DELIVERY_NANOS = 5_000_000L;
    /** The longest hold: a guest whose release takes longer starts late, and says so ({@link GateOpening#late}). */
    static final long MAX_HOLD_NANOS = 500_000_000L;

    /**
     * The hold for {@code guests} guests of which {@code ownClocks} run their own kernel, each with
     * the offset its probes measured. Such a release travels host, tap, emulated NIC, the guest's
     * sshd and shell; released at once they queue for the host's cores. Measured on two loaded cores
     * with TCG guests (skew benchmark, relative release): the release reached the last of 2 guests
     * 1.5 ms after the first, of 4 14.7 ms, of 8 25.7 ms (about 3 ms a guest), while one probe's
     * round trip was about 1 ms. So at least {@link #of(int)}, else four of the largest round trip
     * plus {@value #OWN_CLOCK_DELIVERY_NANOS} ns a guest, at most {@value #MAX_HOLD_NANOS} ns: the hold
     * is not part of any measured span, and costs only its own time per trial. With it (same machine,
     * absolute release) the release reached the last of 8 guests at most 10.7 ms after the first, of
     * 16 61.6 ms, of 32 149.8 ms (4.7 ms a guest), and no guest of 168 in 9 trials was late.
     */
    public static Duration of(int guests, List<WallClock.Offset> ownClocks) {
        long base = of(guests).toNanos();
        if (ownClocks.isEmpty()) {
            return Duration.ofNanos(base);
        }
        long roundTrip = ownClocks.stream().mapToLong(o -> 2 * o.uncertainty()).max().orElse(0);
        long own = 4 * roundTrip + OWN_CLOCK_DELIVERY_NANOS * ownClocks.size();
        return Duration.ofNanos(Math.min(MAX_HOLD_NANOS, Math.max(base, own)));
    }

}
