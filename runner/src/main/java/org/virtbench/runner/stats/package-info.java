/**
 * Statistics of the runner: summaries of the kept trials of one cell, performance relative to bare
 * metal, the dynamic-repetition rule and the aggregate of n concurrent guests.
 *
 * <p>Everything here is a pure function of its inputs (the bootstrap uses a fixed seed), built on
 * commons-math3. Two modes exist: {@link org.virtbench.runner.stats.StatsMode#PAPER} reproduces the
 * paper's figures (medians, ratios of medians); {@link org.virtbench.runner.stats.StatsMode#RIGOROUS}
 * adds Student-t confidence intervals and a bootstrap interval for the ratio to bare metal. Outliers
 * are flagged in both modes and never dropped.
 */
package org.virtbench.runner.stats;
