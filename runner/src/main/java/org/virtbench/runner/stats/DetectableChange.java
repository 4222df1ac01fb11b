package org.virtbench.runner.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The minimum detectable change of a comparison of two samples: the smallest relative difference of
 * means that a two-sided test at 5% would find with 80% power, given each side's coefficient of
 * variation and count, {@code (t(0.975, df) + t(0.80, df)) * sqrt(cvA^2 / nA + cvB^2 / nB)} with
 * {@code df = nA + nB - 2}. A difference smaller than this cannot be told from noise with these trials.
 */
public final class DetectableChange {
    private DetectableChange() {
    }

    /**
     * The change as a fraction of A's mean (0.05 for 5%); infinite when a side has fewer than 2 values
     * or a mean of 0.
     */
    public static double of(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double cvA = cv(a);
        double cvB = cv(b);
        if (!Double.isFinite(cvA) || !Double.isFinite(cvB)) {
            return Double.POSITIVE_INFINITY;
        }
        TDistribution t = new TDistribution(a.length + b.length - 2);
        double factor = t.inverseCumulativeProbability(0.975) + t.inverseCumulativeProbability(0.80);
        return factor * Math.sqrt(cvA * cvA / a.length + cvB * cvB / b.length);
    }

    private static double cv(double[] values) {
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double ss = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(ss / (values.length - 1)) / Math.abs(mean);
    }
}
