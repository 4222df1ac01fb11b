package org.virtbench.runner.transport.ssh;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.start.ClockCheck;

/**
 * How far a guest's clock strayed from the host's over one command: the ratio of the span the
 * guest saw ({@link CommandResult#guestElapsedNanos()}) to the span the host saw, with the
 * uncertainty that comes from the guest clock's resolution and the transport's own time (the
 * host's span includes connection overhead that the guest's does not).
 *
 * <p>The campaign engine flags a sample whose drift is significant (see {@link #flagged(double)}),
 * by default beyond {@value #DEFAULT_LIMIT} (1 %); it never replaces the host's time with the guest's.
 *
 * @param ratio       guest span divided by host span less transport overhead; 1.0 when they agree
 * @param uncertainty the part of {@code |ratio - 1|} that resolution and overhead alone can explain
 */
public record ClockDrift(double ratio, double uncertainty) {
    /** The limit above which a guest clock is flagged: 1 %. */
    public static final double DEFAULT_LIMIT = 0.01;
    /** The secondary figure of a sample with the drift over its measured command, {@code guest / host - 1}. */
    public static final String DRIFT_FIGURE = "clock.drift";
    /** The secondary figure with the part of the drift that the way the times were taken explains. */
    public static final String UNCERTAINTY_FIGURE = "clock.drift-uncertainty";
    /** The secondary figure with the measured command's elapsed seconds on the guest's clock. */
    public static final String GUEST_FIGURE = "clock.guest-s";
    /** The secondary figure with the measured command's elapsed seconds on the host's clock. */
    public static final String HOST_FIGURE = "clock.host-s";

    /**
     * The drift over one command, when the transport read the guest's clock.
     *
     * @param result         a finished command
     * @param overheadNanos  the transport's calibrated per-command overhead (0 if unknown)
     * @param resolutionNanos the guest clock's resolution ({@code 10 ms} for {@code /proc/uptime})
     */
    public static Optional<ClockDrift> of(CommandResult result, long overheadNanos, long resolutionNanos) {
        if (result.guestElapsedNanos().isEmpty()) {
            return Optional.empty();
        }
        long host = result.hostEndNanos() - result.hostStartNanos();
        long command = Math.max(1, host - Math.max(0, overheadNanos));
        // Two readings each off by up to one tick, and an overhead estimate that may be off by itself.
        return Optional.of(of(new ClockCheck(result.guestElapsedNanos().getAsLong(), command,
                2 * resolutionNanos + Math.max(0, overheadNanos))));
    }

    /** The drift that the two elapsed times of a command show. */
    public static ClockDrift of(ClockCheck check) {
        long host = Math.max(1, check.hostNanos());
        return new ClockDrift((double) check.guestNanos() / host, (double) check.uncertaintyNanos() / host);
    }

    /**
     * The two elapsed times of an ungated SSH command whose guest clock the transport read
     * ({@link GuestClock}, 10 ms resolution); empty when it did not.
     */
    public static Optional<ClockCheck> checkOfSsh(CommandResult result) {
        return result.guestElapsedNanos().isEmpty() ? Optional.empty()
                : Optional.of(new ClockCheck(result.guestElapsedNanos().getAsLong(),
                        Math.max(1, result.hostEndNanos() - result.hostStartNanos()), 2 * GuestClock.RESOLUTION_NANOS));
    }

    /**
     * The sample's secondary figures that record a check: both elapsed times in seconds, the drift
     * ({@code guest / host - 1}) and the part of it the way they were taken explains.
     */
    public static Map<String, Double> figures(ClockCheck check) {
        ClockDrift d = of(check);
        Map<String, Double> f = new LinkedHashMap<>();
        f.put(GUEST_FIGURE, check.guestNanos() / 1e9);
        f.put(HOST_FIGURE, check.hostNanos() / 1e9);
        f.put(DRIFT_FIGURE, d.drift());
        f.put(UNCERTAINTY_FIGURE, d.uncertainty());
        return f;
    }

    /** {@link #of(CommandResult, long, long)} for SSH guests, whose clock has 10 ms resolution. */
    public static Optional<ClockDrift> ofSsh(CommandResult result, long overheadNanos) {
        return of(result, overheadNanos, GuestClock.RESOLUTION_NANOS);
    }

    /** The relative difference, {@code ratio - 1}: positive when the guest's clock ran fast. */
    public double drift() {
        return ratio - 1.0;
    }

    /**
     * True when the guest's clock differs from the host's by more than {@code limit} beyond what
     * resolution and overhead explain: a sample whose guest-reported figures must not be trusted.
     */
    public boolean flagged(double limit) {
        return Math.abs(drift()) > limit + uncertainty;
    }
}
