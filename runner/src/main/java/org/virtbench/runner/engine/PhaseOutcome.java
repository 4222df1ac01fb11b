package org.virtbench.runner.engine;

/**
 * How one guest's phase ended.
 *
 * @param <T> what the phase returns
 */
public sealed interface PhaseOutcome<T> {
    /** The phase returned {@code value}. */
    record Done<T>(T value) implements PhaseOutcome<T> {
    }

    /**
     * The phase threw or ran past its limit.
     *
     * @param reason   one line: what failed, where, why
     * @param raw      the output or stack trace it left, for the journal
     * @param timedOut true when it ran past its limit; the guest's thread may still be stuck
     */
    record Failed<T>(String reason, String raw, boolean timedOut) implements PhaseOutcome<T> {
    }

    default boolean ok() {
        return this instanceof Done;
    }
}
