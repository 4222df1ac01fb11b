package org.virtbench.suites.paper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.virtbench.plan.DataSize;
import org.virtbench.suites.inputs.IsoImage;
import org.virtbench.suites.support.RsyncDaemon;
import org.virtbench.suites.support.RsyncPull;

/**
 * The paper's second rsync experiment (Figure 2, "Rsync", experiment 2):
 * {@code rsync -av <peer>::iso /var/tmp}, one large file (the 433 MiB ISO image) pulled from an rsync
 * daemon on the peer host, timed on the host's clock; the copy is removed after each trial, as the
 * paper's {@code rm -fr /var/tmp/*}.
 */
@Workload(name = "rsync-iso", unit = Unit.SECONDS,
        description = "rsync -av of an ISO image (433 MiB in the paper) from the peer host's rsync daemon, timed")
@Repeat(4)
@DiscardFirst
@Peer
@Requires(packages = "rsync", commands = "rsync")
public class RsyncIso {
    static final String MODULE = "iso";

    @Param(value = "433MiB", quick = "64MiB", description = "size of the generated image to transfer")
    DataSize size;

    @Param(value = IsoImage.GENERATED, description = "a real image on the host to transfer instead of the generated one")
    String iso;

    @Param(value = "18730", description = "the peer's rsync daemon port (the system's is 873)")
    int rsyncPort;

    private final RsyncPull rsync = new RsyncPull("rsync-iso", MODULE);
    private RsyncDaemon daemon;

    /** Stages the image on the peer and serves it as module {@code iso}. */
    @Setup
    public void serve(PeerHost peer) {
        Path host = IsoImage.resolve(iso, size);
        String files = rsync.staging(peer) + "/files";
        peer.copyIn(host, files + "/" + host.getFileName());
        daemon = rsync.serve(peer, rsyncPort, files);
    }

    @Setup(Level.TRIAL)
    public void emptyDestination(Guest guest) {
        rsync.emptyDestination(guest);
    }

    @Measure
    public Measurement pull(Guest guest, PeerHost peer) {
        return rsync.pull(guest, peer, rsyncPort, imageBytes());
    }

    /**
     * The image's size, from the host's copy. Read here rather than kept from {@link #serve}: peer
     * methods run on the first guest's instance only, and every guest checks its transfer.
     */
    private long imageBytes() {
        try {
            return Files.size(IsoImage.resolve(iso, size));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
