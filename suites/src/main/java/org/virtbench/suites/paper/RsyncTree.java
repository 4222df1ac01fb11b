package org.virtbench.suites.paper;

import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Peer;
import org.virtbench.annotations.Repeat;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Teardown;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.suites.inputs.KernelSource;
import org.virtbench.suites.support.RsyncDaemon;
import org.virtbench.suites.support.RsyncPull;

/**
 * The paper's first rsync experiment (Figure 2, "Rsync", experiment 1):
 * {@code rsync -av <peer>::kernel /var/tmp}, the kernel source tree (many small files) pulled from an
 * rsync daemon on the peer host, timed on the host's clock. The tree is Debian's linux-source,
 * unpacked once in the peer's cache and served read-only from there; the copy is removed after
 * each trial. The paper's 2.6.22 tree was 294 MB in 23,741 files; linux-source 6.1 is about 1.5 GB
 * in 78,000 files, so the quick profile serves its {@code fs/} subtree (46 MB, 2,000 files).
 */
@Workload(name = "rsync-tree", unit = Unit.SECONDS,
        description = "rsync -av of the kernel source tree from the peer host's rsync daemon, timed")
@Repeat(4)
@DiscardFirst
@Peer
@Requires(packages = {"rsync", "linux-source", "xz-utils"}, commands = {"rsync", "tar", "xz", "flock"})
public class RsyncTree {
    static final String MODULE = "kernel";

    @Param(value = ".", quick = "fs", description = "the part of the kernel tree to serve, relative to its top; . for all of it")
    String subtree;

    @Param(value = KernelSource.AUTO,
            description = "the linux-source tarball on the peer; auto takes the newest /usr/src/linux-source-*.tar.*")
    String tarball;

    @Param(value = "18731", description = "the peer's rsync daemon port (the system's is 873)")
    int rsyncPort;

    private final RsyncPull rsync = new RsyncPull("rsync-tree", MODULE);
    private RsyncDaemon daemon;

    /** Unpacks the tree on the peer (once, cached) and serves it, or a part of it, as module {@code kernel}. */
    @Setup
    public void serve(PeerHost peer) {
        String part = subtree.trim();
        if (part.startsWith("/") || part.matches("(.*/)?\\.\\.(/.*)?")) {
            throw new IllegalArgumentException("subtree=" + subtree + " must be a path inside the kernel tree, such as fs or drivers/net");
        }
        String tree = KernelSource.unpacked(peer, tarball);
        String path = part.isEmpty() || part.equals(".") ? tree : tree + "/" + part;
        if (!peer.run("test", "-d", path).ok()) {
            throw new IllegalArgumentException("subtree=" + subtree + " is not a directory of the kernel tree " + tree);
        }
        daemon = rsync.serve(peer, rsyncPort, path);
    }

    @Setup(Level.TRIAL)
    public void emptyDestination(Guest guest) {
        rsync.emptyDestination(guest);
    }

    @Measure
    public Measurement pull(Guest guest, PeerHost peer) {
        return rsync.pull(guest, peer, rsyncPort, -1);
    }

    /** The paper's {@code rm -fr /var/tmp/*}, limited to what this workload wrote. */
    @Teardown(Level.TRIAL)
    public void removeCopy(Guest guest) {
        rsync.removeCopy(guest);
    }

    @Teardown
    public void stopServing(PeerHost peer) {
        rsync.stopServing(daemon, peer);
        daemon = null;
    }
}
