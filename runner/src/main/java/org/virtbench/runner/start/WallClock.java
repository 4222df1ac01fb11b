package org.virtbench.runner.start;

import java.time.Instant;

/**
 * Relates the wall clock ({@code CLOCK_REALTIME}, what {@code $EPOCHREALTIME} and {@code date}
 * read in a guest) to the host's monotonic clock ({@link System#nanoTime()}, on which virtbench
 * takes every time). A guest that shares the host's kernel (the host backend, containers) reads
 * the very same wall clock, so a stamp it takes converts exactly to the host's monotonic clock.
 */
public final class WallClock {
    private static final int SAMPLES = 7;

    private WallClock() {
    }

    /**
     * The wall clock minus the monotonic clock, in nanoseconds.
     *
     * @param nanos       {@code wall - monotonic}
     * @param uncertainty half the tightest bracket of monotonic readings around a wall reading
     */
    public record Offset(long nanos, long uncertainty) {
        /** The host's monotonic reading of a wall-clock time given in nanoseconds since the epoch. */
        public long toMonotonic(long wallNanos) {
            return wallNanos - nanos;
        }
    }

    /**
     * The offset of a wall clock read once between two readings of the host's monotonic clock: taken
     * to be read at their midpoint, so good to half the bracket (NTP's estimate). This relates the
     * host's own wall clock, and a guest's that answered a probe within the bracket.
     *
     * @param before    monotonic reading before the wall clock was read (a probe was sent)
     * @param wallNanos the wall clock's reading, in nanoseconds since the epoch
     * @param after     monotonic reading after it (the answer was seen)
     */
    public static Offset bracketed(long before, long wallNanos, long after) {
        long width = Math.max(0, after - before);
        return new Offset(wallNanos - (before + width / 2), width / 2);
    }

    /** The one of two offsets with the tighter bracket (the one least disturbed on its way); {@code a} on a tie. */
    public static Offset tighter(Offset a, Offset b) {
        return b.uncertainty() < a.uncertainty() ? b : a;
    }

    /**
     * Measures the offset: the wall clock read between two monotonic readings, a few times, keeping
     * the tightest bracket (the one least disturbed by preemption).
     */
    public static Offset offset() {
        Offset best = null;
        for (int i = 0; i < SAMPLES; i++) {
            long before = System.nanoTime();
            Instant wall = Instant.now();
            long after = System.nanoTime();
            Offset o = bracketed(before, wall.getEpochSecond() * 1_000_000_000L + wall.getNano(), after);
            best = best == null ? o : tighter(best, o);
        }
        return best;
    }

    /**
     * Parses a wall-clock stamp in seconds since the epoch with a fraction, as {@code $EPOCHREALTIME}
     * ({@code 1795667280.644345}) or {@code date +%s.%N} write it; a comma as the decimal mark (a
     * locale's) is accepted.
     *
     * @return nanoseconds since the epoch
     * @throws NumberFormatException when it is not such a stamp
     */
    public static long parseEpochSeconds(String stamp) {
        String s = stamp.trim().replace(',', '.');
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String fraction = dot < 0 ? "" : s.substring(dot + 1);
        if (whole.isEmpty() || !whole.chars().allMatch(Character::isDigit)
                || !fraction.chars().allMatch(Character::isDigit) || fraction.length() > 9) {
            throw new NumberFormatException("not a wall-clock stamp: '" + stamp + "'");
        }
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
        return Math.addExact(Math.multiplyExact(Long.parseLong(whole), 1_000_000_000L), nanos);
    }
}
