package org.virtbench.suites.paper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private RsyncDaemon daemon;

    private static String staging(PeerHost peer) {
        return peer.workDir() + "/rsync-iso";
    }

    private static String destination(Guest guest) {
        return guest.workDir() + "/rsync-iso";
    }

    /** Stages the image on the peer and serves it as module {@code iso}. */
    @Setup
    public void serve(PeerHost peer) {
        Path host = IsoImage.resolve(iso, size);
        String files = staging(peer) + "/files";
        peer.copyIn(host, files + "/" + host.getFileName());
        daemon = RsyncDaemon.start(peer, staging(peer) + "/daemon", rsyncPort, MODULE, files);
    }

    @Setup(Level.TRIAL)
    public void emptyDestination(Guest guest) {
        guest.run("rm", "-rf", destination(guest)).requireSuccess();
        guest.run("mkdir", "-p", destination(guest)).requireSuccess();
    }

    @Measure
    public Measurement pull(Guest guest, PeerHost peer) {
        return RsyncDaemon.pull(guest, peer.address(), rsyncPort, MODULE, destination(guest), imageBytes(),
                Duration.ofHours(2));
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
        guest.run("rm", "-rf", destination(guest));
    }

    @Teardown
    public void stopServing(PeerHost peer) {
        if (daemon != null) {
            daemon.stop();
            daemon = null;
        }
        peer.run("rm", "-rf", staging(peer));
    }
}
