package org.virtbench.runner.stats;

/**
 * STUB of the stats branch's API, kept only so the runner compiles before that branch lands;
 * dropped at merge in favour of the real one.
 */
public enum StatsMode {
    PAPER,
    RIGOROUS
}
