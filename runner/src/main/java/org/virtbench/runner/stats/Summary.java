package org.virtbench.runner.stats;

import java.util.List;

/**
 * Summary of the kept trials of one cell (discarded warm-up trials are never passed in).
 * Outliers are only flagged, never removed: every figure is over all kept trials.
 *
 * @param count          number of kept trials, at least 1
 * @param median         median; for an even count the mean of the two middle values
 * @param min            smallest kept value
 * @param max            largest kept value
 * @param mean           arithmetic mean
 * @param stdDev         sample standard deviation (divisor {@code count - 1}); 0 when count is 1
 * @param relativeStdDev {@code stdDev / |mean|}; 0 when count &lt; 2; when the mean is 0 it is 0 if
 *                       stdDev is 0 and positive infinity otherwise
 * @param confidence95   Student-t 95% confidence interval of the mean,
 *                       {@code mean ± t(0.975, count-1) * stdDev / sqrt(count)};
 *                       null in PAPER mode or when count &lt; 2
 * @param madOutliers    ascending indexes into the kept array whose modified z-score
 *                       {@code |0.6745 * (x - median) / MAD|} exceeds 3.5 (Iglewicz and Hoaglin), where
 *                       MAD is the unscaled median of {@code |x - median|}; empty when MAD is 0
 * @param tukeyOutliers  ascending indexes into the kept array strictly outside
 *                       {@code [Q1 - 1.5*IQR, Q3 + 1.5*IQR]}, quartiles by the R-7 estimator
 *                       (see {@link Statistics#summarize})
 */
public record Summary(int count, double median, double min, double max, double mean, double stdDev,
                      double relativeStdDev,
                      Interval confidence95,
                      List<Integer> madOutliers,
                      List<Integer> tukeyOutliers) {

    /** Makes the outlier lists immutable copies; null lists are refused. */
    public Summary {
        if (count < 1) {
            throw new IllegalArgumentException("a summary needs at least one kept trial, got count " + count);
        }
        madOutliers = List.copyOf(madOutliers);
        tukeyOutliers = List.copyOf(tukeyOutliers);
    }
}
