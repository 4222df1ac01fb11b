package org.virtbench.suites.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default report of a netperf {@code TCP_STREAM} test:
 *
 * <pre>
 * MIGRATED TCP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to 10.213.1.2 () port 0 AF_INET : demo
 * Recv   Send    Send
 * Socket Socket  Message  Elapsed
 * Size   Size    Size     Time     Throughput
 * bytes  bytes   bytes    secs.    10^6bits/sec
 *
 * 131072  16384  16384    5.00     9436.52
 * </pre>
 *
 * @param receiveSocketBytes the receiver's socket buffer
 * @param sendSocketBytes    the sender's socket buffer
 * @param messageBytes       the size of each send
 * @param elapsedSeconds     the test's length by netperf's clock
 * @param megabitsPerSecond  the throughput in 10^6 bits per second, whatever unit netperf printed
 */
public record NetperfOutput(long receiveSocketBytes, long sendSocketBytes, long messageBytes, double elapsedSeconds,
                            double megabitsPerSecond) {
    private static final String TOOL = "netperf";
    private static final Pattern UNIT = Pattern.compile("(?m)secs\\.\\s+10\\^(\\d+)bits/sec\\s*$");
    private static final Pattern RESULT = Pattern.compile(
            "(?m)^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([0-9.]+)\\s+([0-9.]+)\\s*$");

    /**
     * Reads the result row of the report.
     *
     * @throws UnparsableOutputException when the units header or the result row is missing (netperf
     *                                   could not reach netserver, or printed another test's format)
     */
    public static NetperfOutput parse(String output) {
        Matcher unit = Numbers.last(TOOL, UNIT, output, "'secs.  10^Nbits/sec' header of a TCP_STREAM report");
        double toMegabits = switch (unit.group(1)) {
            case "0" -> 1e-6;
            case "3" -> 1e-3;
            case "6" -> 1;
            case "9" -> 1e3;
            default -> throw new UnparsableOutputException(TOOL, "unknown unit 10^" + unit.group(1) + "bits/sec", output);
        };
        Matcher m = Numbers.last(TOOL, RESULT, output, unit.end(), "result row after the header");
        return new NetperfOutput(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)) * toMegabits);
    }
}
