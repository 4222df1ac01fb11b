package org.virtbench.suites.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every parser needs: find a pattern or fail with the tool's name, read numbers as tools print them. */
final class Numbers {
    private Numbers() {
    }

    /**
     * The last match of {@code pattern} in {@code output}: tools that print progress repeat their
     * lines, and the final one is the result.
     *
     * @throws UnparsableOutputException saying {@code what} was not found
     */
    static Matcher last(String tool, Pattern pattern, String output, String what) {
        return last(tool, pattern, output, 0, what);
    }

    /** As {@link #last(String, Pattern, String, String)}, looking only at the output from index {@code from}. */
    static Matcher last(String tool, Pattern pattern, String output, int from, String what) {
        Matcher m = pattern.matcher(output);
        m.region(from, output.length());
        int start = -1;
        while (m.find()) {
            start = m.start();
        }
        if (start < 0) {
            throw new UnparsableOutputException(tool, "no " + what + " found", output);
        }
        m.region(start, output.length());
        m.find();
        return m;
    }

    /** A whole number that may carry thousands separators, as rsync 3.2 prints them ({@code 5,001,334}). */
    static long grouped(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    /** A decimal number that may carry thousands separators. */
    static double groupedDecimal(String digits) {
        return Double.parseDouble(digits.replace(",", ""));
    }
}
