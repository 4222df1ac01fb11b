package org.virtbench.runner.image;

import org.virtbench.backend.BackendException;

/**
 * A guest image could not be built, found or read; the message says why and what to do. A
 * {@link BackendException} because backends meet it while provisioning and report it the same way.
 */
public class ImageException extends BackendException {
    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
