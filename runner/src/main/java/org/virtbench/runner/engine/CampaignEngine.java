package org.virtbench.runner.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * Runs a campaign's cells in order on their backends and journals everything. Under an order in
 * rounds ({@link TrialOrder#rounds()}) the trials of one workload at one n alternate between the
 * backends, round by round ({@link RoundScheduler}). Backends on different
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
                !previous.entries().isEmpty(), settings.commandLine(), settings.trialOrder().text()));
        try (ShutdownGuard guard = new ShutdownGuard(journal)) {
            List<HostLanes.Lane> lanes = HostLanes.of(cells, c -> backends.get(c.cell().backend()).host());
            ProgressListener shared = lanes.size() > 1 ? HostLanes.synchronizedListener(progress) : progress;
            return HostLanes.run(lanes, cells.size(), lane -> runLane(cells, lane, guard, shared));
        }
    }

    /**
     * Runs the cells of one host in campaign order; {@code index/total} in progress reports still
     * count over the whole campaign. Under an order in rounds, consecutive cells of one workload at
     * one n (one per backend) run together through a {@link RoundScheduler}.
     */
    private CampaignOutcome runLane(List<CellPlan> cells, HostLanes.Lane lane, ShutdownGuard guard,
                                    ProgressListener progress) {
        TrialOrder order = settings.trialOrder();
        int run = 0;
        int skipped = 0;
        int failed = 0;
        List<Integer> indexes = lane.cells();
        for (int at = 0; at < indexes.size(); ) {
            int end = at + 1;
            while (order.rounds() && end < indexes.size()
                    && sameRound(cells.get(indexes.get(at)).cell(), cells.get(indexes.get(end)).cell())) {
                end++;
            }
            List<Integer> group = new ArrayList<>();
            for (int i : indexes.subList(at, end)) {
                CellKey key = cells.get(i).cell();
                if (previous.finishedCells().contains(key)) {
                    skipped++;
                    progress.cellSkipped(i + 1, cells.size(), key);
                } else {
                    group.add(i);
                }
            }
            at = end;
            if (group.isEmpty()) {
                continue;
            }
            if (guard.stopping()) {
                return new CampaignOutcome(cells.size(), run, skipped, failed, true);
            }
            List<CellRunner> runners = new ArrayList<>();
            for (int i : group) {
                progress.cellStarted(i + 1, cells.size(), cells.get(i).cell());
                runners.add(runner(cells.get(i), guard, progress));
            }
            List<JournalEntry.CellFinished> ends = group.size() == 1 ? List.of(runners.get(0).run())
                    : rounds(group.get(0), group.stream().map(cells::get).toList(), order, guard).run(runners);
            if (guard.stopping()) {
                return new CampaignOutcome(cells.size(), run, skipped, failed, true);
            }
            for (JournalEntry.CellFinished finished : ends) {
                run++;
                if (finished.status() == CellStatus.FAILED) {
                    failed++;
                }
                progress.cellFinished(new CellKey(finished.workload(), finished.backend(), finished.guests()),
                        finished.status(), finished.reason());
            }
        }
        return new CampaignOutcome(cells.size(), run, skipped, failed, guard.stopping());
    }

    private static boolean sameRound(CellKey a, CellKey b) {
        return a.workload().equals(b.workload()) && a.guests() == b.guests() && !a.backend().equals(b.backend());
    }

    private CellRunner runner(CellPlan plan, ShutdownGuard guard, ProgressListener progress) {
        CellKey key = plan.cell();
        Backend backend = backends.get(key.backend());
        return new CellRunner(plan, backend, previous.nextAttempt(key), journal, guard, progress, settings,
                request(plan), plan.memory().describe(hostMemoryBytes), p -> calibrate(key.backend(), backend, p));
    }

    /**
     * The scheduler of one group of cells, journaled: whether the machine holds every backend's
     * guests at once decides whether they stay provisioned across the rounds.
     */
    private RoundScheduler rounds(int first, List<CellPlan> group, TrialOrder order, ShutdownGuard guard) {
        List<Long> held = group.stream().map(plan -> backends.get(plan.cell().backend()).holdsGuestMemory()
                ? plan.memory().perGuestBytes(plan.cell().guests(), hostMemoryBytes) * plan.cell().guests() : 0L)
                .toList();
        boolean together = RoundScheduler.fit(held, hostMemoryBytes);
        long sum = held.stream().mapToLong(Long::longValue).sum();
        String reason = (sum >> 20) + " MiB held by the guests of all backends at once "
                + (together ? "fits in" : "exceeds") + " the host's " + (hostMemoryBytes >> 20) + " MiB"
                + (together ? "" : "; each round provisions one backend at a time");
        CellKey key = group.get(0).cell();
        journal.append(new JournalEntry.RoundsPlanned(key.workload(), key.guests(),
                group.stream().map(p -> p.cell().backend()).toList(), order.text(), together, reason));
        return new RoundScheduler(order, first, together, guard::stopping);
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
