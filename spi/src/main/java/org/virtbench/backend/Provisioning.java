package org.virtbench.backend;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;

/**
 * The n guests (and the peer) a backend provisioned for one cell. Closing it releases everything
 * that was created: processes, namespaces, mounts, overlays, network links. {@link #close()} is
 * called always, also after a failure and on Ctrl-C, and must be safe to call twice.
 */
public interface Provisioning extends AutoCloseable {
    /** The guests, in index order. */
    List<Guest> guests();

    /** The peer host, when one was asked for. */
    Optional<PeerHost> peer();

    /** What this provisioning is, for the results: memory limit in force, accelerator, versions. */
    Map<String, String> facts();

    /**
     * Whether guest {@code index} has run out of its memory since it was provisioned: the kernel
     * killed a process of it for lack of memory. The runner asks after a guest's phase failed, to
     * report a guest that does not fit in its memory as such.
     *
     * @return what the backend saw (such as {@code oom_kill 2 in memory.events}); empty when the
     *         guest did not run out of memory or the backend cannot tell
     */
    default Optional<String> outOfMemory(int index) {
        return Optional.empty();
    }

    /** Releases everything; never throws for what was already gone. */
    @Override
    void close();
}
