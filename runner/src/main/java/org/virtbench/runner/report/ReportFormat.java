package org.virtbench.runner.report;

/** What {@code virtbench report} writes into a results directory. */
public enum ReportFormat {
    /** {@code report.html}: the paper's figures and tables, self-contained. */
    HTML,
    /** {@code results.csv}: one row per sample. */
    CSV,
    /** {@code jmh-result.json}: JMH's JSON result format. */
    JMH
}
