package org.virtbench.runner.transport.exec;

import java.io.IOException;

/**
 * The exec helper ended, or its stream broke, before a command's outcome arrived. Whether the
 * command may have run is {@link #commandMayHaveRun()}: a helper that ended before it took the
 * request (its acceptance frame) never started it.
 */
public final class HelperDiedException extends IOException {
    private final boolean commandMayHaveRun;

    public HelperDiedException(String message) {
        this(message, null, true);
    }

    public HelperDiedException(String message, Throwable cause) {
        this(message, cause, true);
    }

    private HelperDiedException(String message, Throwable cause, boolean commandMayHaveRun) {
        super(message, cause);
        this.commandMayHaveRun = commandMayHaveRun;
    }

    /** The helper ended before it took the command: the command was not started. */
    static HelperDiedException beforeAccepting(String message, Throwable cause) {
        return new HelperDiedException(message, cause, false);
    }

    /** False when the helper ended before it took the command, so the command certainly did not run. */
    public boolean commandMayHaveRun() {
        return commandMayHaveRun;
    }
}
