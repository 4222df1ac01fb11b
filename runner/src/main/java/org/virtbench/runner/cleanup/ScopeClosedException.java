package org.virtbench.runner.cleanup;

import org.virtbench.backend.BackendException;

/**
 * Something was to be created in a {@link CleanupScope} that is being released: the run was
 * interrupted or the JVM is stopping. A {@link BackendException}, so that a provisioning stopped
 * this way fails like any other.
 */
public final class ScopeClosedException extends BackendException {
    private static final long serialVersionUID = 1L;

    ScopeClosedException(String message) {
        super(message);
    }
}
