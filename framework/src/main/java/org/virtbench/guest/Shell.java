package org.virtbench.guest;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Quoting for the few places where a POSIX shell string is unavoidable. */
public final class Shell {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {
    }

    /**
     * Quotes one word for a POSIX shell so that it reaches the program as exactly this string:
     * safe words stay as they are, anything else goes between single quotes with embedded single
     * quotes written as {@code '\''}.
     */
    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Quotes every word and joins them with spaces: an argv turned into one safe command line. */
    public static String join(List<String> argv) {
        return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
