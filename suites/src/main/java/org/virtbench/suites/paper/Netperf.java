package org.virtbench.suites.paper;

import java.time.Duration;
import java.util.List;
import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Peer;
import org.virtbench.annotations.Repeat;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Teardown;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.suites.parse.NetperfOutput;
import org.virtbench.suites.support.Daemon;

/**
 * The paper's network benchmark (Figure 2, "Netperf"): {@code netserver} on the peer,
 * {@code netperf -H <peer>} in the guest, a TCP_STREAM test (netperf's default) of netperf's default
 * 10 seconds. The value is netperf's throughput in 10^6 bits per second; netperf's own elapsed time
 * and the host-clock duration of the command are kept as secondary figures.
 */
@Workload(name = "netperf", unit = Unit.MBIT_PER_SECOND,
        description = "netperf TCP_STREAM from the guest to netserver on the peer host, Mbit/s")
@Repeat(4)
@DiscardFirst
@Peer
@Requires(packages = "netperf", commands = {"netperf", "netserver"})
public class Netperf {
    @Param(value = "10s", quick = "5s", description = "length of each test (-l); netperf's default is 10 s")
    Duration testLength;

    @Param(value = "12866", description = "netserver's control port on the peer; not the system netserver's 12865")
    int netserverPort;

    private Daemon netserver;

    private static String directory(PeerHost peer) {
        return peer.workDir() + "/netserver";
    }

    /** Starts netserver on the peer, once for all guests; {@code -D} keeps it in the foreground, {@code -L} on the peer's address. */
    @Setup
    public void startNetserver(PeerHost peer) {
        netserver = Daemon.start(peer, "netserver", directory(peer),
                List.of("netserver", "-D", "-p", Integer.toString(netserverPort), "-L", peer.address()));
        netserver.awaitListening(netserverPort, Duration.ofSeconds(30));
    }

    @Measure
    public Measurement stream(Guest guest, PeerHost peer) {
        CommandResult result = guest.run(Command.of("netperf", "-H", peer.address(), "-p", Integer.toString(netserverPort),
                        "-t", "TCP_STREAM", "-l", Long.toString(testLength.toSeconds()))
                .withEnv("LC_ALL", "C").withTimeout(testLength.plusMinutes(5))).requireSuccess();
        NetperfOutput out = NetperfOutput.parse(result.output());
        return Measurement.of(out.megabitsPerSecond(), Unit.MBIT_PER_SECOND)
                .withTimedCommand(result)
                .withSecondary("netperf.elapsed.s", out.elapsedSeconds())
                .withSecondary("host.elapsed.s", result.elapsed().toNanos() / 1e9)
                .withSecondary("netperf.message.bytes", out.messageBytes());
    }

    @Teardown
    public void stopNetserver(PeerHost peer) {
        if (netserver != null) {
            netserver.stop(Duration.ofSeconds(10));
            netserver = null;
        }
        peer.run("rm", "-rf", directory(peer));
    }
}
