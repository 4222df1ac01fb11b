package org.virtbench.runner.cleanup;

/** Releasing a resource failed with a checked exception, its cause. */
public final class CleanupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CleanupException(String message, Throwable cause) {
        super(message, cause);
    }
}
