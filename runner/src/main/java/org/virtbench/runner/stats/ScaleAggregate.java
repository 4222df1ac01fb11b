package org.virtbench.runner.stats;

/**
 * Result of n guests running concurrently in one trial.
 *
 * @param guests                 n, the number of guests, at least 1
 * @param aggregate              the paper's aggregate: for throughput the mean per-guest value times n
 *                               (Figure 10), for a time the total of the n times (Figure 12)
 * @param perGuestMean           plain arithmetic mean of the per-guest values
 * @param jainFairness           Jain's fairness index {@code (sum x)^2 / (n * sum x^2)}, in
 *                               {@code [1/n, 1]}; 1.0 means perfectly even, 1.0 for n == 1
 * @param coefficientOfVariation population standard deviation (divisor n) over the mean; 0 for n == 1
 */
public record ScaleAggregate(int guests, double aggregate, double perGuestMean, double jainFairness,
                             double coefficientOfVariation) {
}
