package org.virtbench.runner.cli;

import org.virtbench.runner.campaign.InvalidOptionsException;

/** The command line is wrong; the message is one line that says what to do. Exits with status 2. */
public final class UsageException extends InvalidOptionsException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
