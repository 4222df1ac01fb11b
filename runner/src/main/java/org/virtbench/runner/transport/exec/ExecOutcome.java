package org.virtbench.runner.transport.exec;

/**
 * How one command ended in the exec helper.
 *
 * @param kind       how it ended
 * @param code       the exit status ({@link Kind#EXITED}), the signal ({@link Kind#SIGNALED}), the
 *                   errno of the failed spawn ({@link Kind#SPAWN_FAILED}), the timeout in ms
 *                   ({@link Kind#TIMED_OUT})
 * @param startNanos the helper's CLOCK_MONOTONIC just before posix_spawn
 * @param endNanos   the helper's CLOCK_MONOTONIC just after waitpid saw the command end
 */
public record ExecOutcome(Kind kind, int code, long startNanos, long endNanos) {
    /** How a command ended. */
    public enum Kind {
        /** It exited; {@code code} is its status. */
        EXITED,
        /** A signal ended it; {@code code} is the signal. */
        SIGNALED,
        /** It never started; {@code code} is the errno, the reason came as standard error. */
        SPAWN_FAILED,
        /** It ran past its timeout and its process group was killed. */
        TIMED_OUT;

        static Kind of(int wire) {
            Kind[] all = values();
            if (wire < 0 || wire >= all.length) {
                throw new IllegalArgumentException("unknown outcome kind " + wire);
            }
            return all[wire];
        }
    }

    /** The exit status as a shell reports it: 128 + signal for a command a signal ended. */
    public int exitStatus() {
        return switch (kind) {
            case EXITED -> code;
            case SIGNALED -> 128 + code;
            case SPAWN_FAILED -> 127;
            case TIMED_OUT -> 137;
        };
    }

    /** The helper's own span of the command, spawn to reap. */
    public long elapsedNanos() {
        return endNanos - startNanos;
    }
}
