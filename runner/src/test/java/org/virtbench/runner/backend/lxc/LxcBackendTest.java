package org.virtbench.runner.backend.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.concurrent.Parallel;
import org.virtbench.annotations.Unit;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.image.ImageCache;
import org.virtbench.runner.image.TestImages;

/**
 * Four real LXC guests over the test image: a workload in each, isolation, the network path to
 * the peer, the memory limit, and a teardown that leaves nothing. Needs root, lxc and the
 * network to debian.org once (for the image); a missing piece fails with the probe's reason.
 */
class LxcBackendTest {
    private static final long MEMORY = 96L << 20;
    private static final int GUESTS = 4;
    private static final int PEER_PORT = 5001;

    private static LxcBackend backend;

    @BeforeAll
    static void imageAndProbe() {
        TestImages.ensure();
        backend = new LxcBackend("", ImageCache.user());
        Probe probe = backend.probe();
        assertTrue(probe.available(), "the lxc backend cannot run here: " + probe.reason());
    }

    @Test
    void fourGuestsRunAWorkloadReachThePeerAreLimitedAndLeaveNothingBehind(@TempDir Path tmp) throws Exception {
        Path input = tmp.resolve("input.txt");
        Files.writeString(input, text(4 << 20));
        LxcProvisioning kept;
        Map<Path, Object> identities = new HashMap<>();
        try (Provisioning p = backend.provision(new ProvisionRequest(GUESTS, MEMORY, true, List.of("bzip2"), tmp))) {
            kept = (LxcProvisioning) p;
            identities = identities(kept);
            List<Guest> guests = p.guests();
            assertEquals(GUESTS, guests.size());
            CgroupLayout layout = CgroupLayout.detect();
            assertEquals(Long.toString(MEMORY), p.facts().get("memory.limit.bytes"), p.facts().toString());
            assertTrue(p.facts().get("memory.limit.source").endsWith(layout.limitFile().orElseThrow()), p.facts().toString());

            Parallel.each("compress", guests, g -> compressIn(g, input, tmp));
            for (Guest g : guests) {
                assertEquals(g.name(), g.run("uname", "-n").requireSuccess().stdout().trim());
                assertTrue(g.run("getent", "hosts", "localhost", g.name()).ok(), g.name() + " resolves localhost and itself");
                assertEquals(MEMORY, g.facts().memoryBytes(), g.name() + " reports the memory its cgroup allows");
                assertTrue(Files.readString(tmp.resolve("lxc").resolve(g.name() + ".config"))
                        .contains(g.address()), "the cell's output keeps each guest's config");
                String eth0 = g.run("ip", "-4", "-o", "addr", "show", "dev", "eth0").requireSuccess().stdout();
                assertTrue(eth0.contains(" " + g.address() + "/"), g.name() + ": " + eth0);
            }
            assertIsolated(guests.get(0), guests.get(1));
            assertPeerReachable(p.peer().orElseThrow(), guests);
            assertMemoryLimitEnforced(guests.get(0), guests.get(1), layout);
        }
        assertNothingLeft(kept, identities);
        kept.close(); // a second close finds everything gone and says nothing
    }

    /** The paper's bzip2 workload in miniature: timed on the host's clock, result checked on the host. */
    private static void compressIn(Guest guest, Path input, Path tmp) {
        String file = guest.workDir() + "/input.txt";
        guest.copyIn(input, file);
        Measurement m = guest.time(Command.of("bzip2", "-9", "-k", "-f", file), Unit.SECONDS);
        assertTrue(m.value() > 0 && m.timedCommand().isPresent(), guest.name() + ": " + m);
        Path out = tmp.resolve(guest.name() + ".bz2");
        guest.copyOut(file + ".bz2", out);
        try {
            byte[] compressed = Files.readAllBytes(out);
            assertEquals("BZh9", new String(compressed, 0, 4, StandardCharsets.US_ASCII), guest.name());
            assertTrue(compressed.length < Files.size(input), guest.name() + " did not compress");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertIsolated(Guest one, Guest other) {
        String marker = one.workDir() + "/only-in-" + one.name();
        one.run("touch", marker).requireSuccess();
        assertTrue(one.run("test", "-e", marker).ok());
        assertFalse(other.run("test", "-e", marker).ok(), "a guest's writes show in another guest");
        assertFalse(Files.exists(TestImages.image().rootfs().resolve(marker.substring(1))), "a guest wrote into the image");
        // the guest's own /proc shows its own PID namespace only
        String processes = other.run(Command.shell("cat /proc/[0-9]*/comm")).stdout();
        assertFalse(processes.contains("java"), "a guest sees the host's processes: " + processes);
    }

    /**
     * The peer listens in its own network namespace; each guest connects from its own stack over
     * veth and bridge, and the peer sees the guest's own address: a real path, no NAT.
     */
    private static void assertPeerReachable(PeerHost peer, List<Guest> guests) throws Exception {
        String server = "my ($a,$p,$n)=@ARGV; my $s=IO::Socket::INET->new(LocalAddr=>$a,LocalPort=>$p,Listen=>16,"
                + "ReuseAddr=>1) or die \"listen: $!\"; for (1..$n) { my $c=$s->accept or die; "
                + "print $c \"pong \".$c->peerhost.\"\\n\"; close $c }";
        CompletableFuture<CommandResult> listening = CompletableFuture.supplyAsync(() -> peer.run(Command.of("perl",
                "-MIO::Socket::INET", "-e", server, peer.address(), Integer.toString(PEER_PORT),
                Integer.toString(guests.size())).withTimeout(Duration.ofSeconds(60))));
        String client = "my $s; for (1..100) { $s=IO::Socket::INET->new(PeerAddr=>$ARGV[0],PeerPort=>$ARGV[1],"
                + "Timeout=>5) and last; select(undef,undef,undef,0.1) } $s or die \"connect: $!\"; print scalar <$s>";
        for (Guest g : guests) {
            CommandResult reply = g.run(Command.of("perl", "-MIO::Socket::INET", "-e", client, peer.address(),
                    Integer.toString(PEER_PORT)).withTimeout(Duration.ofSeconds(30)));
            assertEquals("pong " + g.address(), reply.requireSuccess().stdout().trim(), g.name());
        }
        listening.get(60, TimeUnit.SECONDS).requireSuccess();
    }

    private static void assertMemoryLimitEnforced(Guest limited, Guest neighbour, CgroupLayout layout) throws IOException {
        // below the limit: 32 MiB in a tmpfs, charged to the guest's cgroup, fits
        limited.run(Command.shell("head -c 32M /dev/zero > /dev/shm/fits && rm /dev/shm/fits")).requireSuccess();
        // above it: tail buffers an endless line until the kernel's OOM killer stops it
        CommandResult greedy = limited.run(Command.of("tail", "/dev/zero").withTimeout(Duration.ofSeconds(60)));
        assertEquals(128 + 9, greedy.exitCode(), "tail /dev/zero was not killed: " + greedy.output());
        Path payload = layout.leftovers(List.of(limited.name())).stream()
                .filter(p -> p.getFileName().toString().equals("lxc.payload." + limited.name())
                        && p.startsWith(layout.memoryRoot().orElseThrow()))
                .findFirst().orElseThrow(() -> new AssertionError("no memory cgroup for " + limited.name()));
        String events = Files.readString(payload.resolve(
                layout.kind() == CgroupLayout.Kind.V1 ? "memory.oom_control" : "memory.events"));
        long kills = events.lines().filter(l -> l.startsWith("oom_kill ")).mapToLong(l -> Long.parseLong(l.substring(9)))
                .findFirst().orElse(0);
        assertTrue(kills >= 1, "the guest's cgroup counted no OOM kill:\n" + events);
        assertTrue(limited.run("true").ok(), "the guest itself survives its greedy process");
        assertTrue(neighbour.run("true").ok(), "the neighbour is untouched");
    }

    /**
     * The run's links and peer namespace with their kernel identities (interface index, nsfs
     * inode). Other engineers' runs on this machine may take the freed slot at once and create a
     * link of the same name: a name that is back with another identity is not a leftover.
     */
    private static Map<Path, Object> identities(LxcProvisioning p) throws IOException {
        List<Path> things = new ArrayList<>();
        p.guests().forEach(g -> things.add(Path.of("/sys/class/net", g.name(), "ifindex")));
        String bridge = p.bridge().orElseThrow();
        things.add(Path.of("/sys/class/net", bridge, "ifindex"));
        Map<Path, Object> ids = new HashMap<>();
        for (Path t : things) {
            ids.put(t, Files.readString(t).trim());
        }
        Path peerNamespace = Path.of("/run/netns", bridge.replace("br", "peer"));
        ids.put(peerNamespace, Files.getAttribute(peerNamespace, "unix:ino"));
        return ids;
    }

    /** No container, overlay mount, veth, bridge, peer namespace or cgroup of the run is left. */
    static void assertNothingLeft(LxcProvisioning p, Map<Path, Object> identities) throws IOException {
        Path run = p.runDirectory();
        assertFalse(Files.exists(run), "run directory left: " + run);
        String mounts = Files.readString(Path.of("/proc/mounts"));
        assertFalse(mounts.contains(run.toString()), "mounts left:\n" + mounts);
        assertEquals(GUESTS + 2, identities.size());
        for (Map.Entry<Path, Object> thing : identities.entrySet()) {
            Path path = thing.getKey();
            Object now = !Files.exists(path) ? null
                    : path.startsWith("/run/netns") ? Files.getAttribute(path, "unix:ino") : Files.readString(path).trim();
            assertFalse(thing.getValue().equals(now), "left: " + path);
        }
        List<String> names = p.guests().stream().map(Guest::name).toList();
        assertEquals(List.of(), CgroupLayout.detect().leftovers(names), "cgroups left");
        String containers = org.virtbench.runner.transport.HostCommands.run("lxc-ls", "-P", run.toString()).stdout().trim();
        assertEquals("", containers, "containers left");
    }

    /** Compressible text: words from a fixed vocabulary in a seeded random order. */
    static String text(int bytes) {
        String[] words = {"virtualization", "of", "linux", "servers", "guest", "host", "kernel", "memory", "cost"};
        Random random = new Random(42);
        StringBuilder text = new StringBuilder(bytes + 16);
        while (text.length() < bytes) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(8) == 0 ? '\n' : ' ');
        }
        return text.toString();
    }
}
