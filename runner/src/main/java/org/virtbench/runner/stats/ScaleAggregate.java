package org.virtbench.runner.stats;

/** STUB of the stats branch's API (dropped at merge): n guests' results taken together. */
public record ScaleAggregate(int guests, double aggregate, double perGuestMean, double jainFairness,
                             double coefficientOfVariation) {
}
