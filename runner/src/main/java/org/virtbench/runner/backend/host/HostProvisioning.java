package org.virtbench.runner.backend.host;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.peer.PeerNetwork;
import org.virtbench.runner.system.Processes;
import org.virtbench.runner.system.RunFolder;
import org.virtbench.runner.system.StateFolders;
import org.virtbench.runner.telemetry.GuestView;
import org.virtbench.runner.telemetry.ObservableGuests;
import org.virtbench.runner.transport.ProcessGuest;

/**
 * The host guests of one cell. Closing kills every process still working in a guest's directory
 * (a workload's daemon, such as mariadbd, left running), removes the directories, and removes the
 * peer network.
 */
final class HostProvisioning implements Provisioning, ObservableGuests {
    private final String runId;
    private final RunFolder directory;
    private final List<ProcessGuest> guests;
    private final PeerNetwork network;
    private final long memoryBytes;
    private final List<Path> cpuGroups;
    private boolean closed;

    /** @param cpuGroups each guest's cpu cgroup ({@link CpuGroups}); empty where the host offers none */
    HostProvisioning(String runId, RunFolder directory, List<ProcessGuest> guests, PeerNetwork network,
                     long memoryBytes, List<Path> cpuGroups) {
        this.cpuGroups = List.copyOf(cpuGroups);
        this.runId = runId;
        this.directory = directory;
        this.guests = List.copyOf(guests);
        this.network = network;
        this.memoryBytes = memoryBytes;
    }

    @Override
    public List<Guest> guests() {
        return List.copyOf(guests);
    }

    /**
     * A host guest is watched through its CPU cgroup, which holds every process its commands
     * start, also those that ended: its CPU time (cpuacct or cgroup v2 cpu.stat); memory and I/O
     * only where the host's unified hierarchy gives the group them.
     */
    @Override
    public Optional<GuestView> outsideView(int index) {
        return index < 0 || index >= cpuGroups.size() ? Optional.empty()
                : ObservableGuests.containerCgroup(cpuGroups.get(index).getFileName().toString());
    }

    @Override
    public Optional<PeerHost> peer() {
        return network == null ? Optional.empty() : network.peer();
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("runId", runId);
        facts.put("memoryPerGuestRequestedBytes", Long.toString(memoryBytes));
        facts.put("memoryLimit", "none: host processes share the host's memory");
        facts.put("cpuGroup", cpuGroups.isEmpty() ? "none: the host offers no cpu cgroup controller; the guests' "
                + "processes compete in the harness's own group"
                : "one per guest, as each container has: " + cpuGroups.get(0).getParent() + "/" + CpuGroups.PREFIX
                + runId + "-<guest>");
        if (network != null) {
            facts.put("peerNetwork", network.bridge() + " " + network.hostAddress() + "/" + network.prefixLength());
        }
        return facts;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            guests.forEach(ProcessGuest::stopExecHelper);
            guests.forEach(g -> Processes.killUsing(Path.of(g.workDir())));
        } finally {
            CpuGroups.remove(cpuGroups);
            try {
                if (network != null) {
                    network.close();
                }
            } finally {
                StateFolders.deleteTree(directory.path());
            }
        }
    }
}
