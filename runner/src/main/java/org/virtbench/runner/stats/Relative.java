package org.virtbench.runner.stats;

/** STUB of the stats branch's API (dropped at merge): a value relative to the baseline, 1.0 = native. */
public record Relative(double value, Interval bootstrap95) {
}
