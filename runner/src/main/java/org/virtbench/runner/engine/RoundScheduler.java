package org.virtbench.runner.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.virtbench.runner.journal.JournalEntry;

/**
 * Runs the cells of one workload at one guest count, one per backend, in rounds: each round gives
 * every cell that still wants a trial one trial, in the round's order ({@link TrialOrder#inRound}),
 * so whatever the shared machine does meanwhile lands on every backend alike (as Google Benchmark's
 * random interleaving and Kalibera and Jones advise). Where the machine holds every backend's
 * guests at once they stay provisioned across the rounds; otherwise each round provisions a
 * cell's guests for its one trial and releases them before the next backend's.
 */
final class RoundScheduler {
    private final TrialOrder order;
    private final int group;
    private final boolean together;
    private final BooleanSupplier stopping;

    /**
     * @param group    this group's number in the campaign, which seeds a shuffled order
     * @param together whether every cell's guests stay provisioned across the rounds
     * @param stopping true once the campaign is asked to stop
     */
    RoundScheduler(TrialOrder order, int group, boolean together, BooleanSupplier stopping) {
        this.order = order;
        this.group = group;
        this.together = together;
        this.stopping = stopping;
    }

    /**
     * Starts the cells, runs their trials in rounds, releases every cell's guests (also when one
     * throws) and journals how each ended, in the order given.
     */
    List<JournalEntry.CellFinished> run(List<CellRunner> cells) {
        List<CellRunner> live = new ArrayList<>();
        try {
            for (CellRunner cell : cells) {
                if (cell.start() && (!together || cell.provision())) {
                    live.add(cell);
                }
            }
            for (int round = 0; !stopping.getAsBoolean(); round++) {
                List<CellRunner> wanting = order.inRound(live, group, round).stream()
                        .filter(CellRunner::wantsTrial).toList();
                if (wanting.isEmpty()) {
                    break;
                }
                for (CellRunner cell : wanting) {
                    if (stopping.getAsBoolean()) {
                        break;
                    }
                    if (together) {
                        if (cell.freshGuestsIfDue()) {
                            cell.trial();
                        }
                    } else if (cell.provision()) {
                        cell.trial();
                        cell.release();
                    }
                }
            }
        } finally {
            for (int i = cells.size() - 1; i >= 0; i--) {
                cells.get(i).release();
            }
        }
        return cells.stream().map(CellRunner::finish).toList();
    }

    /**
     * Whether the guests of all the cells can stay provisioned at once: the memory their backends
     * hold ({@link org.virtbench.backend.Backend#holdsGuestMemory()}) adds up to at most the host's.
     *
     * @param heldBytes the memory each cell's guests hold together, 0 for a backend that holds none
     */
    static boolean fit(List<Long> heldBytes, long hostMemoryBytes) {
        long sum = 0;
        for (long held : heldBytes) {
            sum += held;
        }
        return sum <= hostMemoryBytes;
    }
}
