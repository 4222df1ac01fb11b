package org.virtbench.suites.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two summary lines {@code rsync -v} prints last (rsync 3.2 and later group digits with commas):
 *
 * <pre>
 * sent 46 bytes  received 5,001,334 bytes  10,002,760.00 bytes/sec
 * total size is 5,000,000  speedup is 1.00
 * </pre>
 *
 * @param sentBytes       bytes the client sent
 * @param receivedBytes   bytes the client received
 * @param bytesPerSecond  rsync's own rate over its own clock
 * @param totalSizeBytes  the size of all files of the transfer's source
 * @param speedup         total size over bytes moved
 */
public record RsyncOutput(long sentBytes, long receivedBytes, double bytesPerSecond, long totalSizeBytes,
                          double speedup) {
    private static final String TOOL = "rsync";
    private static final String NUMBER = "([0-9][0-9,]*)";
    private static final String DECIMAL = "([0-9][0-9,]*(?:\\.[0-9]+)?)";
    private static final Pattern SENT = Pattern.compile(
            "(?m)^sent " + NUMBER + " bytes\\s+received " + NUMBER + " bytes\\s+" + DECIMAL + " bytes/sec\\s*$");
    private static final Pattern TOTAL = Pattern.compile(
            "(?m)^total size is " + NUMBER + "\\s+speedup is " + DECIMAL + "(?: \\(DRY RUN\\))?\\s*$");

    /**
     * Reads the summary.
     *
     * @throws UnparsableOutputException when either line is missing (rsync failed before the end, or
     *                                   ran without {@code -v})
     */
    public static RsyncOutput parse(String output) {
        Matcher sent = Numbers.last(TOOL, SENT, output, "'sent N bytes  received M bytes  R bytes/sec' line (run rsync -v)");
        Matcher total = Numbers.last(TOOL, TOTAL, output, "'total size is N  speedup is S' line");
        return new RsyncOutput(Numbers.grouped(sent.group(1)), Numbers.grouped(sent.group(2)),
                Numbers.groupedDecimal(sent.group(3)), Numbers.grouped(total.group(1)),
                Numbers.groupedDecimal(total.group(2)));
    }
}
