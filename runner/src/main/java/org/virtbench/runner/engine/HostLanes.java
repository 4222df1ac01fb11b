package org.virtbench.runner.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.virtbench.runner.concurrent.Parallel;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;

/**
 * Splits a campaign by the host its backends run guests on and runs the hosts at once. Cells of
 * one host run one after another, in campaign order, because they would compete for its CPUs,
 * memory and disks and so disturb each other's measurements; cells of different hosts share
 * nothing but this process and its journal, so they run in parallel, one thread per host. With a
 * single host (every local campaign) nothing changes: its one lane runs on the calling thread.
 */
final class HostLanes {
    private HostLanes() {
    }

    /**
     * The cells of one host.
     *
     * @param host  the host's name, as {@link org.virtbench.backend.Backend#host()} gives it
     * @param cells indexes into the campaign's cell list, ascending
     */
    record Lane(String host, List<Integer> cells) {
        Lane {
            cells = List.copyOf(cells);
        }
    }

    /** One lane per distinct host, in the order each host's first cell appears. */
    static List<Lane> of(List<CellPlan> cells, Function<CellPlan, String> hostOf) {
        Map<String, List<Integer>> byHost = new LinkedHashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            byHost.computeIfAbsent(hostOf.apply(cells.get(i)), h -> new ArrayList<>()).add(i);
        }
        List<Lane> lanes = new ArrayList<>();
        byHost.forEach((host, indexes) -> lanes.add(new Lane(host, indexes)));
        return lanes;
    }

    /**
     * Runs every lane, in parallel when there are several, and adds up what they did. A lane that
     * throws ends the campaign with its exception once the other lanes have finished: their
     * guests are released by their own cells, never abandoned mid-cell.
     */
    static CampaignOutcome run(List<Lane> lanes, int totalCells, Function<Lane, CampaignOutcome> runLane) {
        if (lanes.isEmpty()) {
            return new CampaignOutcome(totalCells, 0, 0, 0, false);
        }
        if (lanes.size() == 1) {
            return runLane.apply(lanes.get(0));
        }
        List<CampaignOutcome> outcomes = Parallel.all("host-lane", lanes, lane -> {
            Thread.currentThread().setName("virtbench-host-" + lane.host());
            return runLane.apply(lane);
        });
        int run = 0;
        int skipped = 0;
        int failed = 0;
        boolean interrupted = false;
        for (CampaignOutcome o : outcomes) {
            run += o.run();
            skipped += o.skipped();
            failed += o.failed();
            interrupted |= o.interrupted();
        }
        return new CampaignOutcome(totalCells, run, skipped, failed, interrupted);
    }

    /** A listener that several lanes' threads may call: one report at a time, none interleaved. */
    static ProgressListener synchronizedListener(ProgressListener next) {
        return new ProgressListener() {
            @Override
            public synchronized void cellStarted(int index, int total, CellKey cell) {
                next.cellStarted(index, total, cell);
            }

            @Override
            public synchronized void cellSkipped(int index, int total, CellKey cell) {
                next.cellSkipped(index, total, cell);
            }

            @Override
            public synchronized void trialStarted(CellKey cell, int trial, int planned) {
                next.trialStarted(cell, trial, planned);
            }

            @Override
            public synchronized void cellFinished(CellKey cell, CellStatus status, String reason) {
                next.cellFinished(cell, status, reason);
            }
        };
    }
}
