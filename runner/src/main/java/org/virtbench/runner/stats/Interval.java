package org.virtbench.runner.stats;

/** STUB of the stats branch's API (dropped at merge): a closed interval. */
public record Interval(double low, double high) {
}
