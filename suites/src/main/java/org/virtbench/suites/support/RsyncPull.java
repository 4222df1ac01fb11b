package org.virtbench.suites.support;

import java.time.Duration;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;

/**
 * What the paper's two rsync experiments share: a daemon on the peer host serving one module from a
 * staging folder of its own, and each guest pulling it into an emptied destination folder, timed,
 * the copy removed after each trial (the paper's {@code rm -fr /var/tmp/*}, limited to what the
 * workload wrote). Each workload names its folders after itself.
 *
 * @param name   the workload's name, which names the staging and destination folders
 * @param module the module the daemon serves
 */
public record RsyncPull(String name, String module) {
    /** How long one transfer may take. */
    public static final Duration LIMIT = Duration.ofHours(2);

    /** The workload's folder on the peer: the daemon's configuration and whatever it stages there. */
    public String staging(PeerHost peer) {
        return peer.workDir() + "/" + name;
    }

    private String destination(Guest guest) {
        return guest.workDir() + "/" + name;
    }

    /** Starts the daemon on the peer, serving {@code path} (a folder on the peer) as the module. */
    public RsyncDaemon serve(PeerHost peer, int port, String path) {
        return RsyncDaemon.start(peer, staging(peer) + "/daemon", port, module, path);
    }

    /** Before each trial: an empty destination folder in the guest. */
    public void emptyDestination(Guest guest) {
        guest.run("rm", "-rf", destination(guest)).requireSuccess();
        guest.run("mkdir", "-p", destination(guest)).requireSuccess();
    }

    /**
     * The timed {@code rsync -av <peer>::module dest}; see {@link RsyncDaemon#pull}.
     *
     * @param expectedBytes the source's total size, or a negative number to accept any positive size
     */
    public Measurement pull(Guest guest, PeerHost peer, int port, long expectedBytes) {
        return RsyncDaemon.pull(guest, peer.address(), port, module, destination(guest), expectedBytes, LIMIT);
    }

    /** After each trial: the copy removed. */
    public void removeCopy(Guest guest) {
        guest.run("rm", "-rf", destination(guest));
    }

    /** At the end: the daemon stopped, when one runs, and the staging folder removed. */
    public void stopServing(RsyncDaemon daemon, PeerHost peer) {
        if (daemon != null) {
            daemon.stop();
        }
        peer.run("rm", "-rf", staging(peer));
    }
}
