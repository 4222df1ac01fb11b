package org.virtbench.runner.transport.exec;

import java.io.IOException;

/** The exec helper ended, or its stream broke, before a command's outcome arrived. */
public final class HelperDiedException extends IOException {
    public HelperDiedException(String message) {
        super(message);
    }

    public HelperDiedException(String message, Throwable cause) {
        super(message, cause);
    }
}
