package org.virtbench.runner.campaign;

/**
 * The options of a campaign are wrong: the message is one line that says what to do. The command
 * line exits with status 2 on it; the Maven plugin fails the build with it.
 */
public class InvalidOptionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidOptionsException(String message) {
        super(message);
    }

    /** A message on one line: what a usage error prints, and what an error shows of its cause. */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        // line breaks become spaces; other control characters (an escape sequence a guest printed,
        // a file name with a bell) are shown as \xNN, never sent to the terminal as they are
        String flat = message.replaceAll("\\s*\\R\\s*", " ").trim();
        StringBuilder out = new StringBuilder(flat.length());
        flat.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)) {
                out.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
