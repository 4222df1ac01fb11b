package org.virtbench.runner.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Adjusts the p-values of many cells compared at once, so that twenty cells of noise do not give
 * one "significant" difference by chance.
 */
public enum Adjustment {
    /** Holm's step-down: controls the chance of any false finding (family-wise error rate). */
    HOLM("Holm"),
    /** Benjamini-Hochberg's step-up: controls the expected share of false findings (false discovery rate). */
    BH("Benjamini-Hochberg");

    /** The name a report prints. */
    public final String label;

    Adjustment(String label) {
        this.label = label;
    }

    /**
     * The adjusted p-values, in the order given, each at most 1.
     *
     * @throws IllegalArgumentException on a p-value outside [0, 1]
     */
    public double[] adjust(double[] p) {
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("a p-value lies in [0, 1], got " + v);
            }
        }
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i]))
                .toArray(Integer[]::new);
        double[] adjusted = new double[m];
        if (this == HOLM) {
            double running = 0;
            for (int k = 0; k < m; k++) {
                running = Math.max(running, Math.min(1, (m - k) * p[order[k]]));
                adjusted[order[k]] = running;
            }
        } else {
            double running = 1;
            for (int k = m - 1; k >= 0; k--) {
                running = Math.min(running, Math.min(1, (double) m / (k + 1) * p[order[k]]));
                adjusted[order[k]] = running;
            }
        }
        return adjusted;
    }

    /** Parses {@code holm} or {@code bh} (any case). */
    public static Adjustment parse(String text) {
        return Arrays.stream(values()).filter(a -> a.name().equalsIgnoreCase(text.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an adjustment; give holm or bh"));
    }
}
