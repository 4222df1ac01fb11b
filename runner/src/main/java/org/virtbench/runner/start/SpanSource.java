package org.virtbench.runner.start;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the host-clock span of a measured sample was taken. */
public enum SpanSource {
    /**
     * Released by the start gate; start and end stamped in the guest on the wall clock, which is the
     * host's own (the guest shares the host's kernel), converted to the host's monotonic clock.
     */
    @JsonProperty("gate-guest-stamps") GATE_GUEST_STAMPS,
    /**
     * Released by the start gate; start and end stamped in a guest with its own kernel, on its own
     * clock, converted to the host's monotonic clock through the offset measured by the tighter of
     * the clock probes' and the release's round trips (see {@link StartWrapper#spanOwnClock}).
     */
    @JsonProperty("gate-guest-clock") GATE_GUEST_CLOCK,
    /**
     * Released by the start gate; the host's reading when it released the gate to the one when it
     * saw the process exit (the guest's stamps were missing or disagreed with the host's clock).
     */
    @JsonProperty("gate-host-readings") GATE_HOST_READINGS,
    /** An ungated command the measure timed: the transport's start to exit seen. */
    @JsonProperty("timed-command") TIMED_COMMAND,
    /** No command was timed: the span of the measure call itself. */
    @JsonProperty("measure-call") MEASURE_CALL;

    /** True when the start gate released the measured command. */
    public boolean gated() {
        return this == GATE_GUEST_STAMPS || this == GATE_GUEST_CLOCK || this == GATE_HOST_READINGS;
    }
}
