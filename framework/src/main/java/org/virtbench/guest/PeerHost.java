package org.virtbench.guest;

/**
 * The second machine of a {@link org.virtbench.annotations.Peer} workload: the server side of
 * netperf, the rsync daemon. It is a {@link Guest} like any other; its {@link #address()} is
 * reachable from every guest of the provisioning over a real network path.
 */
public interface PeerHost extends Guest {
}
