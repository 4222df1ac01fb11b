package org.virtbench.runner.backend.lxc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.virtbench.runner.concurrent.Parallel;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.image.GuestImage;
import org.virtbench.runner.peer.PeerNetwork;
import org.virtbench.runner.telemetry.GuestView;
import org.virtbench.runner.telemetry.ObservableGuests;

/**
 * The n containers of one cell, on one bridge with the peer, each over its own overlay of one
 * image. Built by {@link #open}, which registers what it makes in a child of the caller's
 * {@link CleanupScope} as it makes it, so a failed step or a stopping JVM releases it; released by
 * {@link #close}, which is idempotent and thread-safe.
 */
final class LxcProvisioning implements Provisioning, ObservableGuests {
    private final CleanupScope scope;
    private final CgroupLayout layout;
    private Path runDir;
    private final List<Guest> guests = new ArrayList<>();
    private final List<LxcContainer> started = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private PeerNetwork network;

    private LxcProvisioning(CleanupScope scope, CgroupLayout layout) {
        this.scope = scope;
        this.layout = layout;
    }

    /**
     * Provisions the guests: the network, one overlay and config per guest, then all containers
     * started at once and each probed with a command, then the memory limits read back.
     *
     * @throws BackendException after releasing whatever was made
     */
    static LxcProvisioning open(ProvisionRequest request, GuestImage image, CgroupLayout layout, String lxcVersion) {
        long start = System.nanoTime();
        LxcProvisioning p = new LxcProvisioning(CleanupScope.current().child("lxc guests"), layout);
        try {
            p.build(request, image);
            p.recordFacts(request, image, lxcVersion, (System.nanoTime() - start) / 1e9);
            return p;
        } catch (Exception e) {
            try {
                p.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof BackendException b ? b : new BackendException("lxc provisioning failed: " + e, e);
        }
    }

    private void build(ProvisionRequest request, GuestImage image) throws Exception {
        // released in reverse: containers and run folder, then the network, then the cgroup pivots
        scope.register("empty lxc cgroup pivots", () -> {
            if (!LxcRuns.othersAlive(runDir == null ? LxcRuns.BASE : runDir)) {
                layout.removeEmptyPivots();
            }
        });
        PeerNetwork net = scope.create("peer network", () -> PeerNetwork.create(request.peer()), PeerNetwork::close);
        network = net;
        runDir = scope.create("lxc run folder", LxcRuns::create, dir -> {
            List<String> problems = LxcRuns.remove(dir, layout);
            if (!problems.isEmpty()) {
                throw new BackendException("lxc teardown left things behind: " + String.join("; ", problems));
            }
        });
        List<LxcContainer> containers = new ArrayList<>();
        List<String> memory = request.memoryBytes() > 0 ? layout.memoryConfig(request.memoryBytes()) : List.of();
        for (int i = 0; i < request.guests(); i++) {
            String name = "vb" + net.slot() + "g" + i;
            LxcContainer c = request.outputDirectory() == null ? new LxcContainer(name, runDir)
                    : new LxcContainer(name, runDir, request.outputDirectory().resolve("lxc"));
            // the run folder's step releases it; create() only makes a stopping JVM wait for the mount
            int index = i;
            scope.create("lxc container " + name, () -> {
                c.prepare(image, new LxcConfig(name, c.rootfs(), net.bridge(), net.guestAddress(index), net.prefixLength(),
                        net.hostAddress(), memory));
                return c;
            }, made -> { });
            containers.add(c);
        }
        Parallel.each("lxc-start", containers, LxcContainer::start);
        started.addAll(containers);
        // the limit in force, read back: the kernel rounds to pages and may refuse a value
        TreeSet<String> limits = new TreeSet<>();
        for (int i = 0; i < containers.size(); i++) {
            OptionalLong limit = containers.get(i).memoryLimit(layout);
            limits.add(limit.isPresent() ? Long.toString(limit.getAsLong()) : "none");
            guests.add(containers.get(i).guest(i, net.guestAddress(i), limit));
        }
        recordMemory(limits, request.memoryBytes());
    }

    private void recordMemory(TreeSet<String> limits, long requested) {
        facts.put("memory.requested.bytes", requested > 0 ? Long.toString(requested) : "none");
        facts.put("memory.limit.bytes", String.join(",", limits));
        facts.put("memory.limit.source", layout.limitFile()
                .map(f -> "cgroup " + layout.kind().name().toLowerCase(Locale.ROOT) + " " + f)
                .orElse("not enforced: this host's cgroups have no memory controller"));
    }

    private void recordFacts(ProvisionRequest request, GuestImage image, String lxcVersion, double seconds) {
        facts.put("lxc.version", lxcVersion);
        facts.put("guests", Integer.toString(request.guests()));
        facts.put("image", image.hash());
        facts.put("image.release", image.manifest().recipe().release());
        // the guest column of the paper's Table 2: tool versions inside the guests
        image.manifest().packageVersions().forEach((pkg, version) -> facts.put("guest.package." + pkg, version));
        facts.put("rootfs", "overlayfs per guest over " + image.rootfs());
        facts.put("init", "init.lxc via lxc-execute (no init system)");
        facts.put("network", "veth per guest on bridge " + network.bridge() + ", gateway " + network.hostAddress());
        facts.put("provision.seconds", String.format(Locale.ROOT, "%.3f", seconds));
    }

    @Override
    public List<Guest> guests() {
        return Collections.unmodifiableList(guests);
    }

    @Override
    public Optional<PeerHost> peer() {
        return network == null ? Optional.empty() : network.peer();
    }

    @Override
    public Map<String, String> facts() {
        return Collections.unmodifiableMap(facts);
    }

    /** A guest ran out of memory when its memory cgroup counts an OOM kill. */
    @Override
    public Optional<String> outOfMemory(int index) {
        if (index < 0 || index >= started.size()) {
            return Optional.empty();
        }
        OptionalLong kills = started.get(index).oomKills(layout);
        return kills.isPresent() && kills.getAsLong() > 0
                ? Optional.of("oom_kill " + kills.getAsLong() + " in " + layout.oomEventsFile().orElseThrow()
                        + " of its memory cgroup")
                : Optional.empty();
    }

    /** An LXC guest is its payload cgroup: CPU, memory and block I/O are read from there. */
    @Override
    public Optional<GuestView> outsideView(int index) {
        if (index < 0 || index >= started.size()) {
            return Optional.empty();
        }
        return ObservableGuests.containerCgroup(CgroupLayout.cgroupNames(started.get(index).name()).get(0));
    }

    /** The run's private lxcpath, for tests and diagnostics. */
    Path runDirectory() {
        return runDir;
    }

    /** The bridge of this run, for tests and diagnostics. */
    Optional<String> bridge() {
        return Optional.ofNullable(network).map(PeerNetwork::bridge);
    }

    /** Releases the containers, the network and the run folder, the last made first. */
    @Override
    public void close() {
        scope.close();
    }
}
