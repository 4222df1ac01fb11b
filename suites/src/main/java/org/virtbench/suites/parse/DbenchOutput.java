package org.virtbench.suites.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The result line dbench 4 prints last:
 *
 * <pre>
 * Throughput 591.523 MB/sec  4 clients  4 procs  max_latency=220.897 ms
 * </pre>
 *
 * dbench computes the throughput itself, over its own run time ({@code -t}), in 10^6 bytes per second.
 *
 * @param megabytesPerSecond the throughput
 * @param clients            clients simulated
 * @param procs              processes that ran them
 * @param maxLatencyMs       the worst operation latency seen, in milliseconds
 */
public record DbenchOutput(double megabytesPerSecond, int clients, int procs, double maxLatencyMs) {
    private static final Pattern LINE = Pattern.compile(
            "(?m)^Throughput ([0-9.]+) MB/sec\\s+(\\d+) clients\\s+(\\d+) procs\\s+max_latency=([0-9.]+) ms\\s*$");

    /**
     * Reads the final throughput line.
     *
     * @throws UnparsableOutputException when it is missing (dbench failed or was stopped early)
     */
    public static DbenchOutput parse(String output) {
        Matcher m = Numbers.last("dbench", LINE, output, "'Throughput N MB/sec  C clients  P procs  max_latency=L ms' line");
        return new DbenchOutput(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Double.parseDouble(m.group(4)));
    }
}
