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
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
