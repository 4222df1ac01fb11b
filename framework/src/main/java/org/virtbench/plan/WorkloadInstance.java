package org.virtbench.plan;

import org.virtbench.annotations.Level;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;

/**
 * One instance of a workload bound to one guest, created by a generated {@link ExecutionPlan} with
 * its parameters set. Each method calls the workload's annotated methods directly. The runner
 * creates one instance per guest, and calls the peer methods on the first instance only.
 */
public interface WorkloadInstance {
    /** Runs the {@code @Setup} methods of this level that take the guest, in declaration order. */
    void setup(Level level, Guest guest, PeerHost peer);

    /** Runs the {@code @Measure} method and converts its result to a {@link Measurement}. */
    Measurement measure(Guest guest, PeerHost peer);

    /** Runs the {@code @Teardown} methods of this level that take the guest, in declaration order. */
    void teardown(Level level, Guest guest, PeerHost peer);

    /** Runs the {@code @Setup} methods of this level that take only the peer. */
    void setupPeer(Level level, PeerHost peer);

    /** Runs the {@code @Teardown} methods of this level that take only the peer. */
    void teardownPeer(Level level, PeerHost peer);
}
