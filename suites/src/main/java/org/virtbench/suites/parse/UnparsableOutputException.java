package org.virtbench.suites.parse;

/**
 * A tool's output does not say what the parser expects: the tool failed, changed its format, or was
 * cut off. The message names the tool and what was missing, followed by the tail of the output; the
 * whole output is kept in {@link #output()} so the runner can journal it with the failed sample.
 */
public class UnparsableOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int TAIL = 2000;

    private final String tool;
    private final String output;

    /**
     * @param tool   the program whose output this is, such as {@code dd}
     * @param reason what was expected and not found
     * @param output the complete output that was read
     */
    public UnparsableOutputException(String tool, String reason, String output) {
        super("cannot read the output of " + tool + ": " + reason + "\n--- " + tool + " output"
                + (output.length() > TAIL ? " (last " + TAIL + " characters)" : "") + " ---\n"
                + (output.isBlank() ? "(empty)" : tail(output)));
        this.tool = tool;
        this.output = output;
    }

    /** The program whose output did not parse. */
    public String tool() {
        return tool;
    }

    /** The complete output as it was given to the parser. */
    public String output() {
        return output;
    }

    private static String tail(String text) {
        return text.length() <= TAIL ? text : text.substring(text.length() - TAIL);
    }
}
