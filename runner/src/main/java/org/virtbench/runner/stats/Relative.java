package org.virtbench.runner.stats;

/**
 * Relative performance against bare metal as the paper plots it: 1.0 is native, higher is better
 * (0.5 means the guest does half the work per unit time, or needs twice the time).
 *
 * @param value       the ratio: of medians in PAPER mode, of means in RIGOROUS mode
 * @param bootstrap95 percentile-bootstrap 95% interval of the ratio of means; null in PAPER mode
 */
public record Relative(double value, Interval bootstrap95) {
}
