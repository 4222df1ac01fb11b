package org.virtbench.plan;

import java.time.Duration;

/** The phases of a workload's life in a guest, each with its own time limit. */
public enum Phase {
    SETUP(Duration.ofHours(1)),
    MEASURE(Duration.ofHours(6)),
    TEARDOWN(Duration.ofMinutes(10));

    private final Duration defaultTimeout;

    Phase(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    /** The limit a phase gets when the workload sets none. */
    public Duration defaultTimeout() {
        return defaultTimeout;
    }
}
