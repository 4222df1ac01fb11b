package org.virtbench.runner.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.virtbench.backend.Backend;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.meta.TransportCalibration;
import org.virtbench.runner.meta.TransportOverhead;

/**
 * Runs a campaign's cells in order on their backends and journals everything. Backends on different
 * hosts ({@link Backend#host()}) run at the same time, one thread per host, each host's cells in
 * campaign order (see {@link HostLanes}); all write the one journal. Cells the journal
 * already shows finished (by an earlier, interrupted process of the same campaign) are skipped,
 * never re-run. Each backend's transport is calibrated on its first provisioning. Whatever is
 * provisioned is released, also on Ctrl-C and SIGTERM.
 */
public final class CampaignEngine {
    private final CampaignSettings settings;
    private final Map<String, Backend> backends;
    private final Journal journal;
    private final JournalState previous;
    private final long hostMemoryBytes;
    private final ProgressListener progress;
    private final Path outputDirectory;
    private final Set<String> calibrated = java.util.Collections.synchronizedSet(new HashSet<>());

    /**
     * @param backends        every backend the cells name, by the id the cells use
     * @param journal         open for appending
     * @param previous        what the journal held before this process started; empty for a new campaign
     * @param hostMemoryBytes the host's memory, which the {@code default} memory policy scales to
     *                        ({@link org.virtbench.runner.meta.HostMemory#totalBytes()})
     * @param outputDirectory where each cell's backend may keep logs, under {@code cells/}
     */
    public CampaignEngine(CampaignSettings settings, Map<String, Backend> backends, Journal journal,
                          JournalState previous, long hostMemoryBytes, ProgressListener progress,
                          Path outputDirectory) {
        this.settings = settings;
        this.backends = Map.copyOf(backends);
        this.journal = journal;
        this.previous = previous;
        this.hostMemoryBytes = hostMemoryBytes;
        this.progress = progress;
        this.outputDirectory = outputDirectory;
        this.calibrated.addAll(previous.backends().keySet());
    }

    /** Runs every cell not yet finished, in order. */
    public CampaignOutcome run(List<CellPlan> cells) {
        for (CellPlan cell : cells) {
            if (!backends.containsKey(cell.cell().backend())) {
                throw new IllegalArgumentException("no backend '" + cell.cell().backend() + "' was given to the engine");
            }
        }
        journal.append(new JournalEntry.CampaignStarted(Instant.now().toString(), ProcessHandle.current().pid(),
                !previous.entries().isEmpty(), settings.commandLine()));
        try (ShutdownGuard guard = new ShutdownGuard(journal)) {
            List<HostLanes.Lane> lanes = HostLanes.of(cells, c -> backends.get(c.cell().backend()).host());
            ProgressListener shared = lanes.size() > 1 ? HostLanes.synchronizedListener(progress) : progress;
            return HostLanes.run(lanes, cells.size(), lane -> runLane(cells, lane, guard, shared));
        }
    }

    /**
     * Runs the cells of one host in campaign order; {@code index/total} in progress reports still
     * count over the whole campaign.
     */
    private CampaignOutcome runLane(List<CellPlan> cells, HostLanes.Lane lane, ShutdownGuard guard,
                                    ProgressListener progress) {
        int run = 0;
        int skipped = 0;
        int failed = 0;
        for (int i : lane.cells()) {
            CellPlan plan = cells.get(i);
            CellKey key = plan.cell();
            if (previous.finishedCells().contains(key)) {
                skipped++;
                progress.cellSkipped(i + 1, cells.size(), key);
                continue;
            }
            if (guard.stopping()) {
                return new CampaignOutcome(cells.size(), run, skipped, failed, true);
            }
            progress.cellStarted(i + 1, cells.size(), key);
            Backend backend = backends.get(key.backend());
            CellRunner runner = new CellRunner(plan, backend, previous.nextAttempt(key), journal, guard, progress,
                    settings, request(plan), plan.memory().describe(hostMemoryBytes),
                    p -> calibrate(key.backend(), backend, p));
            JournalEntry.CellFinished end = runner.run();
            if (guard.stopping()) {
                return new CampaignOutcome(cells.size(), run, skipped, failed, true);
            }
            run++;
            if (end.status() == CellStatus.FAILED) {
                failed++;
            }
            progress.cellFinished(key, end.status(), end.reason());
        }
        return new CampaignOutcome(cells.size(), run, skipped, failed, guard.stopping());
    }

    private ProvisionRequest request(CellPlan plan) {
        CellKey key = plan.cell();
        Path logs = outputDirectory.resolve("cells").resolve(safe(key.workload() + "-" + key.backend() + "-n"
                + key.guests()));
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logs + ": " + e.getMessage(), e);
        }
        List<String> packages = plan.specs().stream().flatMap(s -> s.requires().packages().stream()).distinct()
                .toList();
        return new ProvisionRequest(key.guests(), plan.memory().perGuestBytes(key.guests(), hostMemoryBytes),
                plan.spec().peer(), packages, logs);
    }

    /** Calibrates a backend's transport on its first provisioning in this campaign. */
    private void calibrate(String id, Backend backend, Provisioning provisioning) {
        if (!calibrated.add(id) || provisioning.guests().isEmpty()) {
            return;
        }
        TransportOverhead overhead = null;
        try {
            overhead = TransportCalibration.calibrate(provisioning.guests().get(0), TransportCalibration.DEFAULT_RUNS);
        } catch (RuntimeException e) {
            System.err.println("virtbench: cannot calibrate the transport of " + id + ": " + e.getMessage());
        }
        Probe probe = backend.probe();
        journal.append(new JournalEntry.BackendCalibrated(id, backend.technology(), probe.facts(), overhead));
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
