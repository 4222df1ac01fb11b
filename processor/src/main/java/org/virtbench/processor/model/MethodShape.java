package org.virtbench.processor.model;

/** The parameter list of a lifecycle method, which decides what the generated plan passes to it. */
public enum MethodShape {
    /** {@code (Guest guest)}: runs on every guest. */
    GUEST,
    /** {@code (Guest guest, PeerHost peer)}: runs on every guest, with the peer; needs {@code @Peer}. */
    GUEST_AND_PEER,
    /** {@code (PeerHost peer)}: runs once, on the peer; needs {@code @Peer}; not for {@code @Measure}. */
    PEER_ONLY,
    /** Anything else, which is an error. */
    OTHER
}
