package org.virtbench.runner.cli;

/** The command line is wrong; the message is one line that says what to do. Exits with status 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
