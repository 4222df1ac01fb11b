package org.virtbench.suites.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line {@code bzip2 -v} prints on standard error for each file it compresses:
 *
 * <pre>
 *   image.iso:  1.253:1,  6.385 bits/byte, 20.19% saved, 33554432 in, 26779345 out.
 * </pre>
 *
 * @param file         the file as bzip2 named it
 * @param ratio        input bytes per output byte
 * @param bitsPerByte  output bits per input byte
 * @param savedPercent how much smaller the output is, in percent (negative when it grew)
 * @param bytesIn      bytes read
 * @param bytesOut     bytes written
 */
public record Bzip2Output(String file, double ratio, double bitsPerByte, double savedPercent, long bytesIn,
                          long bytesOut) {
    private static final Pattern LINE = Pattern.compile(
            "(?m)^\\s*(.+?):\\s+([0-9.]+):1,\\s+([0-9.]+) bits/byte,\\s+(-?[0-9.]+)% saved, (\\d+) in, (\\d+) out\\.\\s*$");

    /**
     * Reads the last per-file line of {@code bzip2 -v}.
     *
     * @throws UnparsableOutputException when there is none (bzip2 failed, or ran without {@code -v})
     */
    public static Bzip2Output parse(String output) {
        Matcher m = Numbers.last("bzip2", LINE, output, "'FILE: R:1, B bits/byte, S% saved, N in, M out.' line (run bzip2 -v)");
        return new Bzip2Output(m.group(1), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)));
    }
}
