package org.virtbench.runner.transport.ssh;

import java.util.Optional;
import org.virtbench.guest.CommandResult;

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
        long guest = result.guestElapsedNanos().getAsLong();
        // Two readings each off by up to one tick, and an overhead estimate that may be off by itself.
        double uncertainty = (2.0 * resolutionNanos + Math.max(0, overheadNanos)) / command;
        return Optional.of(new ClockDrift((double) guest / command, uncertainty));
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
