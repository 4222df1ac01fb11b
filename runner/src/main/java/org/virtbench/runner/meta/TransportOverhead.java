package org.virtbench.runner.meta;

/**
 * The cost of running one command through a transport, measured with a command that does nothing
 * ({@code true}): process start, exit and the transport's own round trip. Like hyperfine's shell
 * correction it is reported, so a reader can judge short measurements; it is not subtracted.
 *
 * @param command     what was run
 * @param runs        how many timed runs (after a few untimed warm-up runs)
 * @param medianNanos the median host-clock time of one run
 * @param meanNanos   the mean
 * @param minNanos    the fastest run
 */
public record TransportOverhead(String command, int runs, double medianNanos, double meanNanos, double minNanos) {
}
