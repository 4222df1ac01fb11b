package org.virtbench.guest;

import java.time.Duration;

/** A command ran past its limit and was killed. */
public class CommandTimeoutException extends GuestException {
    private static final long serialVersionUID = 1L;

    public CommandTimeoutException(String command, Duration limit, String partialOutput) {
        super("timed out after " + limit.toSeconds() + " s: " + command
                + (partialOutput.isBlank() ? "" : "\n" + tail(partialOutput)));
    }

    static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
}
