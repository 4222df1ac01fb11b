package org.virtbench.runner.peer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtbench.backend.BackendException;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.system.OwnerFile;
import org.virtbench.runner.system.RunIdentity;
import org.virtbench.runner.system.StateFolders;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.ProcessGuest;

/**
 * A private network for one provisioning: a bridge on the host with an address of its own, and,
 * when asked, a peer host in a network namespace joined to the bridge by a veth pair. Guests that
 * have network namespaces of their own (containers, VMs on taps) attach to the same bridge; host
 * processes reach the peer through the bridge's route. So netperf and rsync cross a real network
 * path (veth, bridge, a second network stack) even on one machine.
 *
 * <p>Slot {@code k} (1..250) owns the names {@code vb<k>br}, {@code vb<k>p0}/{@code vb<k>p1} and
 * the namespace {@code vb<k>peer}, and the subnet {@code 10.213.<k>.0/24}: the bridge is .1, the
 * peer .2, guest i is .(10+i). The owning run's identity is written to {@value #STATE_DIR}, so
 * {@link #sweepStale()} can remove what a killed run left behind, and only that: a slot without
 * such a record (another tool's bridge of the same name) is never touched.
 */
public final class PeerNetwork implements AutoCloseable {
    /** Where each slot's owner pid is kept. */
    public static final String STATE_DIR = "/run/virtbench/net";
    private static final int PREFIX_LENGTH = 24;
    private static final int MAX_GUESTS = 240;

    private final int slot;
    private final ProcessGuest peer;
    private boolean closed;

    private PeerNetwork(int slot, ProcessGuest peer) {
        this.slot = slot;
        this.peer = peer;
    }

    /**
     * Creates the bridge and, if {@code withPeer}, the peer namespace. Everything created is
     * removed again when a later step fails.
     *
     * @throws BackendException when not root, {@code ip} is missing, or no slot is free
     */
    public static synchronized PeerNetwork create(boolean withPeer) {
        if (!HostCommands.has("ip")) {
            throw new BackendException("the 'ip' command is missing; install Debian's iproute2 (apt-get install iproute2)");
        }
        sweepStale();
        for (int k = 1; k <= 250; k++) {
            if (!HostCommands.run("ip", "link", "add", bridgeName(k), "type", "bridge").ok()) {
                continue; // taken by another run, or not permitted: the next attempt says which
            }
            PeerNetwork network = new PeerNetwork(k, withPeer ? peerGuest(k) : null);
            try {
                network.writeOwner();
                network.configure(withPeer);
                return network;
            } catch (RuntimeException e) {
                network.close();
                throw e;
            }
        }
        String why = HostCommands.run("ip", "link", "add", "vbprobe0", "type", "bridge").output().trim();
        HostCommands.run("ip", "link", "del", "vbprobe0");
        throw new BackendException("cannot create a bridge for the peer network"
                + (why.isEmpty() ? ": all 250 slots are in use" : ": " + why + " (run as root)"));
    }

    /**
     * The peer's work folder, where its daemons keep their files and configuration (a root rsync
     * daemon reads its configuration there): in virtbench's private state area, made fresh.
     */
    private static ProcessGuest peerGuest(int k) {
        Path work = peerFolder(k);
        try {
            StateFolders.checkedFolder(work.getParent());
            StateFolders.deleteTree(work); // a dead run's, whose network the sweep removed
            StateFolders.newFolder(work);
        } catch (IOException e) {
            throw new BackendException("cannot create the peer's work folder " + work + ": " + e.getMessage(), e);
        }
        return new ProcessGuest("peer", 0, subnet(k) + ".2", work.toString(),
                List.of("ip", "netns", "exec", namespace(k)), Path.of("/"));
    }

    private static Path peerFolder(int k) {
        return StateFolders.root().resolve("peer").resolve("slot-" + k);
    }

    private void configure(boolean withPeer) {
        String br = bridgeName(slot);
        HostCommands.require("ip", "addr", "add", hostAddress() + "/" + PREFIX_LENGTH, "dev", br);
        HostCommands.require("ip", "link", "set", br, "up");
        if (!withPeer) {
            return;
        }
        String ns = namespace(slot);
        String outside = "vb" + slot + "p0";
        String inside = "vb" + slot + "p1";
        HostCommands.require("ip", "netns", "add", ns);
        HostCommands.require("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        HostCommands.require("ip", "link", "set", inside, "netns", ns);
        HostCommands.require("ip", "link", "set", outside, "master", br);
        HostCommands.require("ip", "link", "set", outside, "up");
        HostCommands.require("ip", "-n", ns, "addr", "add", peer.address() + "/" + PREFIX_LENGTH, "dev", inside);
        HostCommands.require("ip", "-n", ns, "link", "set", inside, "up");
        HostCommands.require("ip", "-n", ns, "link", "set", "lo", "up");
        HostCommands.require("ip", "-n", ns, "route", "add", "default", "via", hostAddress());
    }

    private void writeOwner() {
        try {
            Path file = StateFolders.checkedFolder(Path.of(STATE_DIR)).resolve(Integer.toString(slot));
            Files.deleteIfExists(file); // a dead run's: this run holds the slot's bridge now
            OwnerFile.claim(file);
        } catch (IOException e) {
            throw new BackendException("cannot write " + STATE_DIR + ": " + e.getMessage(), e);
        }
    }

    /** The bridge's interface name, for guests that attach to it. */
    public String bridge() {
        return bridgeName(slot);
    }

    /** The host's address on the bridge, also the guests' gateway. */
    public String hostAddress() {
        return subnet(slot) + ".1";
    }

    /** The subnet's prefix length. */
    public int prefixLength() {
        return PREFIX_LENGTH;
    }

    /** The address guest {@code index} takes when it attaches to the bridge. */
    public String guestAddress(int index) {
        if (index < 0 || index >= MAX_GUESTS) {
            throw new IllegalArgumentException("guest index " + index + " is outside 0.." + (MAX_GUESTS - 1));
        }
        return subnet(slot) + "." + (10 + index);
    }

    /** The slot number, unique among the networks alive on this host; backends use it in names. */
    public int slot() {
        return slot;
    }

    /** The peer host, when one was created. */
    public Optional<PeerHost> peer() {
        return Optional.ofNullable(peer);
    }

    /** Kills every process in the peer namespace, then removes namespace, links, bridge and state. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        remove(slot);
    }

    private static void remove(int k) {
        String ns = namespace(k);
        if (Files.exists(Path.of("/run/netns", ns))) {
            for (String pid : HostCommands.run("ip", "netns", "pids", ns).stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    HostCommands.run("kill", "-KILL", pid.trim());
                }
            }
            HostCommands.run("ip", "netns", "del", ns);
        }
        HostCommands.run("ip", "link", "del", "vb" + k + "p0");
        HostCommands.run("ip", "link", "del", bridgeName(k));
        StateFolders.deleteTree(peerFolder(k));
        try {
            Files.deleteIfExists(Path.of(STATE_DIR, Integer.toString(k)));
        } catch (IOException e) {
            // a state file that cannot be removed is swept again next time
        }
    }

    /** Removes the networks of virtbench processes that no longer run (a SIGKILLed campaign). */
    public static synchronized List<String> sweepStale() {
        Path dir = Path.of(STATE_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Integer> stale = new ArrayList<>();
        try {
            StateFolders.checkedFolder(dir);
        } catch (IOException e) {
            return List.of(); // not a folder only virtbench writes: nothing in it is proof of ownership
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "[0-9]*")) {
            for (Path entry : entries) {
                Optional<RunIdentity> owner = OwnerFile.read(entry);
                String name = entry.getFileName().toString();
                if (owner.isPresent() && !owner.get().alive() && name.matches("[1-9][0-9]{0,2}")) {
                    stale.add(Integer.parseInt(name));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        stale.forEach(PeerNetwork::remove);
        return stale.stream().map(k -> "peer network slot " + k + ": bridge " + bridgeName(k) + ", namespace "
                + namespace(k) + " and its daemons, work folder " + peerFolder(k)).toList();
    }

    private static String bridgeName(int k) {
        return "vb" + k + "br";
    }

    private static String namespace(int k) {
        return "vb" + k + "peer";
    }

    private static String subnet(int k) {
        return "10.213." + k;
    }
}
