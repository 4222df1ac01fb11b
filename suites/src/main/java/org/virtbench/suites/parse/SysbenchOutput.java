package org.virtbench.suites.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report of {@code sysbench 1.0 oltp_read_write ... run}:
 *
 * <pre>
 * SQL statistics:
 *     ...
 *     transactions:                        1000   (267.25 per sec.)
 *     queries:                             20000  (5344.99 per sec.)
 *     ignored errors:                      0      (0.00 per sec.)
 * General statistics:
 *     total time:                          3.7410s
 *     total number of events:              1000
 * Latency (ms):
 *          min:                                    0.54
 *          avg:                                    3.74
 *          max:                                  217.76
 *          95th percentile:                        7.98
 * </pre>
 *
 * Rates and times here are sysbench's own, on the guest's clock.
 *
 * @param transactions           transactions completed
 * @param transactionsPerSecond  sysbench's transaction rate
 * @param queries                queries run
 * @param queriesPerSecond       sysbench's query rate
 * @param ignoredErrors          errors sysbench retried past (deadlocks)
 * @param totalSeconds           the run's length
 * @param events                 events completed ({@code --events} when it ran to the end)
 * @param latencyAvgMs           mean transaction latency, milliseconds
 * @param latencyMaxMs           worst transaction latency, milliseconds
 * @param latencyPercentileMs    the latency percentile sysbench printed ({@code --percentile}, 95 by default), milliseconds
 * @param percentile             which percentile that is
 */
public record SysbenchOutput(long transactions, double transactionsPerSecond, long queries, double queriesPerSecond,
                             long ignoredErrors, double totalSeconds, long events, double latencyAvgMs,
                             double latencyMaxMs, double latencyPercentileMs, int percentile) {
    private static final String TOOL = "sysbench";
    private static final String RATE = "\\s+(\\d+)\\s+\\(([0-9.]+) per sec\\.\\)\\s*$";
    private static final Pattern TRANSACTIONS = Pattern.compile("(?m)^\\s*transactions:" + RATE);
    private static final Pattern QUERIES = Pattern.compile("(?m)^\\s*queries:" + RATE);
    private static final Pattern IGNORED = Pattern.compile("(?m)^\\s*ignored errors:" + RATE);
    private static final Pattern TOTAL_TIME = Pattern.compile("(?m)^\\s*total time:\\s+([0-9.]+)s\\s*$");
    private static final Pattern EVENTS = Pattern.compile("(?m)^\\s*total number of events:\\s+(\\d+)\\s*$");
    private static final Pattern AVG = Pattern.compile("(?m)^\\s*avg:\\s+([0-9.]+)\\s*$");
    private static final Pattern MAX = Pattern.compile("(?m)^\\s*max:\\s+([0-9.]+)\\s*$");
    private static final Pattern PERCENTILE = Pattern.compile("(?m)^\\s*(\\d+)th percentile:\\s+([0-9.]+)\\s*$");

    /**
     * Reads the statistics of a finished run.
     *
     * @throws UnparsableOutputException when any figure is missing (sysbench could not connect, a
     *                                   query failed, or it printed another test's report)
     */
    public static SysbenchOutput parse(String output) {
        Matcher tx = Numbers.last(TOOL, TRANSACTIONS, output, "'transactions: N (R per sec.)' line");
        Matcher q = Numbers.last(TOOL, QUERIES, output, "'queries: N (R per sec.)' line");
        Matcher ignored = Numbers.last(TOOL, IGNORED, output, "'ignored errors: N (R per sec.)' line");
        Matcher time = Numbers.last(TOOL, TOTAL_TIME, output, "'total time: Ts' line");
        Matcher events = Numbers.last(TOOL, EVENTS, output, "'total number of events: N' line");
        Matcher avg = Numbers.last(TOOL, AVG, output, "latency 'avg:' line");
        Matcher max = Numbers.last(TOOL, MAX, output, "latency 'max:' line");
        Matcher pct = Numbers.last(TOOL, PERCENTILE, output, "latency 'Nth percentile:' line");
        return new SysbenchOutput(Long.parseLong(tx.group(1)), Double.parseDouble(tx.group(2)),
                Long.parseLong(q.group(1)), Double.parseDouble(q.group(2)), Long.parseLong(ignored.group(1)),
                Double.parseDouble(time.group(1)), Long.parseLong(events.group(1)), Double.parseDouble(avg.group(1)),
                Double.parseDouble(max.group(1)), Double.parseDouble(pct.group(2)), Integer.parseInt(pct.group(1)));
    }
}
