package org.virtbench.guest;

/** A guest could not do what was asked: its transport failed, it died, or a command timed out or failed. */
public class GuestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GuestException(String message) {
        super(message);
    }

    public GuestException(String message, Throwable cause) {
        super(message, cause);
    }
}
