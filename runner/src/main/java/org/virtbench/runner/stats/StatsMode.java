package org.virtbench.runner.stats;

/** How much statistics a report carries. */
public enum StatsMode {
    /** As the paper plots it: medians of the kept trials, ratio of medians to bare metal, no intervals. */
    PAPER,
    /**
     * Paper figures plus uncertainty: Student-t 95% confidence interval of the mean, ratio of means to
     * bare metal with a percentile-bootstrap 95% interval.
     */
    RIGOROUS
}
