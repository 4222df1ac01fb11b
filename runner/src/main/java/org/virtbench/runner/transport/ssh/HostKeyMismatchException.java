package org.virtbench.runner.transport.ssh;

import org.virtbench.guest.GuestException;

/**
 * A guest presented a host key other than the one pinned for it. The connection was refused
 * before authentication: no command and no client key signature reached that machine.
 */
public class HostKeyMismatchException extends GuestException {
    private static final long serialVersionUID = 1L;

    public HostKeyMismatchException(String message) {
        super(message);
    }
}
