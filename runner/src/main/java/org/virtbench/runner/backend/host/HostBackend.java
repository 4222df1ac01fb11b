package org.virtbench.runner.backend.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.runner.peer.PeerNetwork;
import org.virtbench.runner.system.Processes;
import org.virtbench.runner.system.RunFolder;
import org.virtbench.runner.system.StateFolders;
import org.virtbench.runner.transport.ProcessGuest;

/**
 * Bare metal, the baseline every other backend is normalized against. Guest i of a provisioning
 * is plain host processes (no prefix, no shell) working in {@code ROOT/<run-id>/host-<i>}; with
 * n > 1 the n guests run concurrently on the host, as the paper's Figure 11 reference runs do.
 * A peer, when asked for, lives in a network namespace behind a bridge ({@link PeerNetwork}).
 * Memory is not limited: the requested amount is recorded, not enforced.
 */
public final class HostBackend implements Backend {
    /** The backend's id. */
    public static final String ID = "host";
    /**
     * Where run directories are made: virtbench's own state folder, never a shared one such as
     * {@code /var/tmp}, where another user could plant a name before the run makes it.
     */
    public static final Path DEFAULT_ROOT = StateFolders.root().resolve("host");

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path root;

    public HostBackend(Path root) {
        this.root = root;
    }

    @Override
    public String id() {
        return ID;
    }

    /** Its guests are plain processes (or machines that exist anyway): nothing is reserved. */
    @Override
    public boolean holdsGuestMemory() {
        return false;
    }

    @Override
    public String technology() {
        return "Linux (bare metal)";
    }

    @Override
    public Probe probe() {
        if (!Path.of("/proc/self/cwd").toFile().exists()) {
            return Probe.unavailable("the host backend needs Linux's /proc, which is missing");
        }
        try {
            StateFolders.checkedFolder(root);
        } catch (IOException e) {
            return Probe.unavailable("cannot use " + root + " (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(root)) {
            return Probe.unavailable(root + " is not writable; run as a user who may write there");
        }
        return Probe.available(Map.of("transport", "local processes (ProcessBuilder, argv)",
                "workRoot", root.toString()));
    }

    @Override
    public List<String> sweepLeftovers() {
        List<String> removed = new ArrayList<>();
        sweepRuns().forEach(p -> removed.add("host run folder " + p
                + " and the processes still working in it"));
        removed.addAll(PeerNetwork.sweepStale());
        return removed;
    }

    @Override
    public Provisioning provision(ProvisionRequest request) {
        sweepRuns();
        CpuGroups.sweepStale();
        String runId = ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        RunFolder directory;
        try {
            directory = RunFolder.create(root, runId);
        } catch (IOException e) {
            throw new BackendException("cannot create " + root.resolve(runId) + ": " + e.getMessage(), e);
        }
        PeerNetwork network = null;
        List<Path> groups = List.of();
        try {
            if (request.peer()) {
                network = PeerNetwork.create(true);
            }
            String address = network == null ? "127.0.0.1" : network.hostAddress();
            Optional<Path> hierarchy = CpuGroups.hierarchy();
            groups = hierarchy.map(h -> CpuGroups.create(h, runId, request.guests())).orElse(List.of());
            List<ProcessGuest> guests = new ArrayList<>();
            for (int i = 0; i < request.guests(); i++) {
                String workDir = directory.path().resolve("host-" + i).toString();
                List<String> prefix = groups.isEmpty() ? List.of() : CpuGroups.enter(groups.get(i));
                ProcessGuest guest = new ProcessGuest("host-" + i, i, address, workDir, prefix, Path.of("/"));
                guest.useExecHelper();
                guests.add(guest);
            }
            return new HostProvisioning(runId, directory, guests, network, request.memoryBytes(), groups);
        } catch (RuntimeException e) {
            if (network != null) {
                network.close();
            }
            CpuGroups.remove(groups);
            StateFolders.deleteTree(directory.path());
            throw e instanceof BackendException ? e : new BackendException("cannot provision host guests: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Removes the run folders ({@code <pid>-<n>}) of campaigns whose process is gone, killing what
     * still works in them.
     */
    private List<Path> sweepRuns() {
        return RunFolder.sweep(root, "[0-9]*-*", run -> {
            Processes.killUsing(run);
            StateFolders.deleteTree(run);
        });
    }
}
