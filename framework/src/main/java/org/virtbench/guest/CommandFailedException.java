package org.virtbench.guest;

/** A command exited with a status other than 0; the result keeps both streams. */
public class CommandFailedException extends GuestException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    public CommandFailedException(CommandResult result) {
        super("exit status " + result.exitCode() + ": " + result.command() + "\n"
                + CommandTimeoutException.tail(result.output()));
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }
}
