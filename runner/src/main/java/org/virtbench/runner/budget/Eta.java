package org.virtbench.runner.budget;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;

/**
 * The time a campaign has left, from the cells' estimates refined by what this process measured:
 * the cell being run goes by its own trials once one has finished, the cells still to come by their
 * estimates times how far the finished cells' durations were from theirs.
 */
public final class Eta implements ProgressListener {
    private final Map<CellKey, CellEstimate> estimates;
    private final LongSupplier clock;
    private final Set<CellKey> done = new HashSet<>();
    private final Map<CellKey, Long> started = new HashMap<>();
    private long measuredNanos;
    private long estimatedNanos;
    private CellKey current;
    private long cellStart;
    private long trialStart;
    private int trial;
    private int planned;
    private long finishedTrialsNanos;
    private int finishedTrials;

    /** @param estimates the estimate of every cell this process may run */
    public Eta(Map<CellKey, CellEstimate> estimates) {
        this(estimates, System::nanoTime);
    }

    Eta(Map<CellKey, CellEstimate> estimates, LongSupplier clock) {
        this.estimates = Map.copyOf(estimates);
        this.clock = clock;
    }

    @Override
    public synchronized void cellStarted(int index, int total, CellKey cell) {
        current = cell;
        cellStart = clock.getAsLong();
        started.put(cell, cellStart);
        trial = 0;
        planned = Optional.ofNullable(estimates.get(cell)).map(CellEstimate::trials).orElse(1);
        finishedTrials = 0;
        finishedTrialsNanos = 0;
    }

    @Override
    public synchronized void cellSkipped(int index, int total, CellKey cell) {
        done.add(cell);
    }

    @Override
    public synchronized void trialStarted(CellKey cell, int trial, int planned) {
        long now = clock.getAsLong();
        if (cell.equals(current) && this.trial > 0) {
            finishedTrials++;
            finishedTrialsNanos += now - trialStart;
        }
        this.trial = trial;
        this.planned = planned;
        trialStart = now;
    }

    @Override
    public synchronized void cellFinished(CellKey cell, CellStatus status, String reason) {
        done.add(cell);
        Long start = started.get(cell);
        CellEstimate e = estimates.get(cell);
        if (start != null && e != null) {
            measuredNanos += clock.getAsLong() - start;
            estimatedNanos += e.total().toNanos();
        }
        if (cell.equals(current)) {
            current = null;
        }
    }

    /** Measured over estimated, of the cells finished so far; 1 before any, kept within 1/4 and 4. */
    synchronized double correction() {
        if (estimatedNanos == 0) {
            return 1.0;
        }
        return Math.max(0.25, Math.min(4.0, (double) measuredNanos / estimatedNanos));
    }

    /** The estimated time left, from now. */
    public synchronized Duration left() {
        long now = clock.getAsLong();
        double factor = correction();
        double nanos = 0;
        for (Map.Entry<CellKey, CellEstimate> e : estimates.entrySet()) {
            if (!done.contains(e.getKey()) && !e.getKey().equals(current)) {
                nanos += e.getValue().total().toNanos() * factor;
            }
        }
        if (current != null) {
            long elapsed = now - cellStart;
            CellEstimate e = estimates.get(current);
            if (finishedTrials > 0) {
                double perTrial = (double) finishedTrialsNanos / finishedTrials;
                nanos += Math.max(0, perTrial * (planned - finishedTrials) - (now - trialStart));
            } else if (e != null) {
                nanos += Math.max(0, e.total().toNanos() * factor - elapsed);
            }
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** {@code ~6 min left}, or {@code under a minute left}. */
    public String leftWords() {
        Duration d = left();
        return d.toSeconds() < 60 ? "under a minute left" : CellEstimate.words(d) + " left";
    }
}
