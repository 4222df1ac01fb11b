package org.virtbench.backend;

/**
 * One virtualization technology: it probes whether it can run here, provisions n guests, and
 * releases them. Implementations are created by a {@link BackendProvider} and know nothing of
 * workloads.
 */
public interface Backend {
    /** The id as given to {@code --backend}, with its argument if any: {@code host}, {@code ssh:lab.yaml}. */
    String id();

    /** The technology as a report names it: {@code Linux (bare metal)}, {@code LXC}, {@code QEMU (TCG)}. */
    String technology();

    /** Whether this backend can run here and, if not, exactly why. Cheap, starts nothing lasting. */
    Probe probe();

    /**
     * Creates the guests of one cell, ready for commands. On failure everything created so far is
     * released before the exception leaves.
     *
     * @throws BackendException saying what failed and how to fix it
     */
    Provisioning provision(ProvisionRequest request);
}
