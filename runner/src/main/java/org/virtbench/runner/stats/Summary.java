package org.virtbench.runner.stats;

import java.util.List;

/** STUB of the stats branch's API (dropped at merge): the summary of one cell's kept trials. */
public record Summary(int count, double median, double min, double max, double mean, double stdDev,
                      double relativeStdDev, Interval confidence95, List<Integer> madOutliers,
                      List<Integer> tukeyOutliers) {
    public Summary {
        madOutliers = List.copyOf(madOutliers);
        tukeyOutliers = List.copyOf(tukeyOutliers);
    }
}
