package org.virtbench.runner.stats;

import java.util.List;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * The distribution of a cell's round ratios ({@link Relative#rounds()}): in an A/A run, how far
 * the ratio of a backend to itself strays from 1.0 round by round, which is the least difference
 * between two backends a campaign can tell from noise.
 *
 * @param rounds how many ratios
 * @param q1     first quartile (R-7, as the other percentiles here)
 * @param q3     third quartile
 * @param spread highest minus lowest
 * @param stdDev sample standard deviation; 0 for one ratio
 */
public record RoundSpread(int rounds, double min, double q1, double median, double q3, double max, double spread,
                          double stdDev) {
    /**
     * Summarizes the ratios.
     *
     * @throws IllegalArgumentException when there are none
     */
    public static RoundSpread of(List<Double> ratios) {
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("no round ratios to summarize");
        }
        DescriptiveStatistics s = new DescriptiveStatistics(ratios.stream().mapToDouble(Double::doubleValue).toArray());
        s.setPercentileImpl(new org.apache.commons.math3.stat.descriptive.rank.Percentile()
                .withEstimationType(EstimationType.R_7));
        return new RoundSpread(ratios.size(), s.getMin(), s.getPercentile(25), s.getPercentile(50),
                s.getPercentile(75), s.getMax(), s.getMax() - s.getMin(), ratios.size() > 1 ? s.getStandardDeviation() : 0);
    }
}
