package org.virtbench.suites.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.Measurement;
import org.virtbench.annotations.Unit;
import org.virtbench.suites.parse.RsyncOutput;

/**
 * An {@code rsync --daemon} of the peer host that serves one read-only module, with a
 * configuration of its own (never the system's {@code /etc/rsyncd.conf}): its own port, bound to the
 * peer's address, {@code use chroot = no} so it needs no chroot rights, {@code reverse lookup = no}
 * so no transfer waits on DNS, pid and log in its directory.
 */
public final class RsyncDaemon {
    private final Daemon daemon;
    private final String directory;

    private RsyncDaemon(Daemon daemon, String directory) {
        this.daemon = daemon;
        this.directory = directory;
    }

    /**
     * Writes the configuration into {@code directory} on the peer and starts the daemon there.
     *
     * @param module the module's name, as clients write it ({@code peer::module})
     * @param path   the directory the module serves, on the peer
     * @throws GuestException when the daemon does not come up within 30 s
     */
    public static RsyncDaemon start(Guest peer, String directory, int port, String module, String path) {
        for (String value : List.of(directory, module, path, peer.address())) {
            if (value.contains("\n") || value.contains("\r")) {
                throw new IllegalArgumentException("an rsyncd.conf value cannot hold a line break: " + value);
            }
        }
        // As root the daemon would serve the module as 'nobody'; keep the files' own access instead.
        boolean root = peer.run("id", "-u").stdout().trim().equals("0");
        String config = "# virtbench: rsync daemon for module " + module + ", started and stopped by the workload\n"
                + "port = " + port + "\n"
                + "address = " + peer.address() + "\n"
                + "use chroot = no\n"
                // The daemon would look up each client's name for its log; without a resolver on
                // the peer's network that waits out the DNS timeout (10 s) inside every timed transfer.
                + "reverse lookup = no\n"
                + "pid file = " + directory + "/rsyncd.pid\n"
                + "log file = " + directory + "/rsyncd.log\n"
                + (root ? "uid = root\ngid = root\n" : "")
                + "[" + module + "]\n"
                + "    path = " + path + "\n"
                + "    read only = yes\n";
        peer.run("mkdir", "-p", directory).requireSuccess();
        String configPath = directory + "/rsyncd.conf";
        copyText(peer, config, configPath);
        Daemon daemon = Daemon.start(peer, "rsyncd", directory,
                List.of("rsync", "--daemon", "--no-detach", "--config=" + configPath));
        RsyncDaemon started = new RsyncDaemon(daemon, directory);
        try {
            daemon.awaitListening(port, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            started.stop();
            throw e;
        }
        return started;
    }

    /** Stops the daemon and removes its directory; quiet when it is gone already. */
    public void stop() {
        daemon.stop(Duration.ofSeconds(10));
        daemon.guest().run("rm", "-rf", directory);
    }

    /**
     * Times the paper's client command, {@code rsync -av <peer>::module dest}, on the host's clock.
     * The value is in seconds; the bytes received, the source's total size and rsync's own rate are
     * secondary figures. The file list (one line per file) is abridged in the raw output.
     *
     * @throws GuestException when the transfer's total size differs from {@code expectedBytes}
     *                        (pass a negative number to accept any positive size)
     */
    public static Measurement pull(Guest guest, String peerAddress, int port, String module, String destination,
                                   long expectedBytes, Duration limit) {
        CommandResult result = guest.run(Command.of("rsync", "-av", "--port=" + port, peerAddress + "::" + module,
                destination + "/").withEnv("LC_ALL", "C").withTimeout(limit)).requireSuccess();
        RsyncOutput out = RsyncOutput.parse(result.output());
        if (expectedBytes >= 0 ? out.totalSizeBytes() != expectedBytes : out.totalSizeBytes() <= 0) {
            throw new GuestException(guest.name() + ": rsync of " + module + " moved a source of " + out.totalSizeBytes()
                    + " bytes, expected " + (expectedBytes >= 0 ? expectedBytes : "more than 0") + ":\n"
                    + Outputs.abridged(result.output(), 4000));
        }
        return Measurement.elapsed(result, Unit.SECONDS)
                .withRaw(Outputs.abridged(result.output(), 16_000))
                .withSecondary("rsync.received.bytes", out.receivedBytes())
                .withSecondary("rsync.total_size.bytes", out.totalSizeBytes())
                .withSecondary("rsync.rate.MB/s", out.bytesPerSecond() / 1e6);
    }

    /** Puts a small text file into a guest the only way every backend offers: copyIn of a host file. */
    static void copyText(Guest guest, String text, String guestPath) {
        try {
            Path temp = Files.createTempFile("virtbench-", ".conf");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                guest.copyIn(temp, guestPath);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a temporary file for " + guestPath, e);
        }
    }
}
