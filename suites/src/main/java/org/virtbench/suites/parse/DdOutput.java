package org.virtbench.suites.parse;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What GNU dd (coreutils) prints on standard error when it finishes, in the C locale:
 *
 * <pre>
 * 1953125+0 records in
 * 1953125+0 records out
 * 1000000000 bytes (1.0 GB, 954 MiB) copied, 0.799062 s, 1.3 GB/s
 * </pre>
 *
 * @param fullRecordsIn     whole input blocks read
 * @param partialRecordsIn  short input blocks read
 * @param fullRecordsOut    whole output blocks written
 * @param partialRecordsOut short output blocks written
 * @param bytes             bytes copied
 * @param seconds           the copy's duration by dd's own clock (the guest's)
 * @param reportedBytesPerSecond the rate dd printed, rounded as printed, in bytes per second
 */
public record DdOutput(long fullRecordsIn, long partialRecordsIn, long fullRecordsOut, long partialRecordsOut,
                       long bytes, double seconds, double reportedBytesPerSecond) {
    private static final String TOOL = "dd";
    private static final Pattern RECORDS = Pattern.compile("(?m)^(\\d+)\\+(\\d+) records (in|out)$");
    private static final Pattern SUMMARY = Pattern.compile(
            "(?m)^(\\d+) bytes(?: \\([^)]*\\))? copied, ([0-9.]+(?:e[-+]?\\d+)?) s, ([0-9.]+(?:e[-+]?\\d+)?) ([kMGTPE]?B)/s$");

    /**
     * Reads dd's final report.
     *
     * @throws UnparsableOutputException when the records or the bytes-copied line are missing (dd
     *                                   failed, or did not run in the C locale)
     */
    public static DdOutput parse(String output) {
        long[] in = null;
        long[] out = null;
        Matcher r = RECORDS.matcher(output);
        while (r.find()) {
            long[] pair = {Long.parseLong(r.group(1)), Long.parseLong(r.group(2))};
            if (r.group(3).equals("in")) {
                in = pair;
            } else {
                out = pair;
            }
        }
        if (in == null || out == null) {
            throw new UnparsableOutputException(TOOL, "no 'N+M records in' and 'records out' lines", output);
        }
        Matcher s = Numbers.last(TOOL, SUMMARY, output, "'... bytes ... copied, ... s, ... /s' line (run dd with LC_ALL=C)");
        return new DdOutput(in[0], in[1], out[0], out[1], Long.parseLong(s.group(1)), Double.parseDouble(s.group(2)),
                Double.parseDouble(s.group(3)) * decimalMultiplier(s.group(4)));
    }

    /** dd's own rate, bytes over its own seconds, in MB (10^6 bytes) per second (more digits than it prints); infinite when dd printed 0 s. */
    public double ddMegabytesPerSecond() {
        return bytes / seconds / 1e6;
    }

    /** dd prints rates with SI prefixes: kB is 1000 bytes, MB 10^6, and so on. */
    private static double decimalMultiplier(String unit) {
        return switch (unit.toUpperCase(Locale.ROOT)) {
            case "B" -> 1;
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "PB" -> 1e15;
            default -> 1e18;
        };
    }
}
