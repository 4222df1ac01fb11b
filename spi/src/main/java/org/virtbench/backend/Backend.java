package org.virtbench.backend;

/**
 * One virtualization technology: it probes whether it can run here, provisions n guests, and
 * releases them. Implementations are created by a {@link BackendProvider} and know nothing of
 * workloads.
 */
public interface Backend {
    /** What {@link #host()} answers for a backend whose guests run on this machine. */
    String LOCAL_HOST = "localhost";

    /** The id as given to {@code --backend}, with its argument if any: {@code host}, {@code ssh:lab.yaml}. */
    String id();

    /** The technology as a report names it: {@code Linux (bare metal)}, {@code LXC}, {@code QEMU (TCG)}. */
    String technology();

    /**
     * The machine this backend's guests run on and share: {@link #LOCAL_HOST} for this machine,
     * else a name of that machine ({@code xen1.lab}, the host of a libvirt URI). A campaign runs
     * the cells of backends on the same host one after another, and those of backends on
     * different hosts at the same time, since they compete for nothing.
     */
    default String host() {
        return LOCAL_HOST;
    }

    /**
     * Whether this backend's guests hold the memory they are given on {@link #host()} (a VM's RAM,
     * a container's limit), so that guests of several backends kept at once must fit in it
     * together. False for guests that are plain processes or machines that exist anyway.
     */
    default boolean holdsGuestMemory() {
        return true;
    }

    /**
     * The least memory a guest of this backend runs in. A campaign whose memory policy gives each
     * guest less marks the cell {@code does-not-fit} rather than asking; a backend applies
     * {@link ProvisionRequest#memoryMebibytes()} as it is, never more, so the journal's size is the
     * size applied. Default: 1 MiB, the policy's own unit.
     */
    default long minimumGuestMemoryBytes() {
        return ProvisionRequest.MEBIBYTE;
    }

    /** Whether this backend can run here and, if not, exactly why. Cheap, starts nothing lasting. */
    Probe probe();

    /**
     * Creates the guests of one cell, ready for commands. On failure everything created so far is
     * released before the exception leaves.
     *
     * @throws BackendException saying what failed and how to fix it
     */
    Provisioning provision(ProvisionRequest request);

    /**
     * Removes what runs of this backend on this machine left when their process died (SIGKILL,
     * a crash): processes, containers, network devices, mounts, folders, domains. Only what a
     * record of the dead run proves to be its own is touched; live runs are left alone.
     *
     * @return one line for each thing removed, such as {@code host run folder /var/lib/virtbench/host/812-1}
     */
    default java.util.List<String> sweepLeftovers() {
        return java.util.List.of();
    }
}
