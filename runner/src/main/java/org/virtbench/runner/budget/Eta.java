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
 * a cell with a finished trial goes by its own trials' mean, the cells not yet measured by their
 * estimates times how far the finished cells' durations were from theirs. Trials run one at a time
 * (interleaved across a round's cells or not), so a trial lasts until the next one starts.
 */
public final class Eta implements ProgressListener {
    private final Map<CellKey, CellEstimate> estimates;
    private final LongSupplier clock;
    private final Set<CellKey> done = new HashSet<>();
    private final Map<CellKey, Long> started = new HashMap<>();
    private final Map<CellKey, Trials> trials = new HashMap<>();
    private long measuredNanos;
    private long estimatedNanos;
    private CellKey running;
    private long runningSince;

    /** The trials of one cell measured so far. */
    private static final class Trials {
        int planned;
        int finished;
        long nanos;
    }

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
        started.put(cell, clock.getAsLong());
        Trials t = trials.computeIfAbsent(cell, c -> new Trials());
        t.planned = Optional.ofNullable(estimates.get(cell)).map(CellEstimate::trials).orElse(1);
    }

    @Override
    public synchronized void cellSkipped(int index, int total, CellKey cell) {
        done.add(cell);
    }

    @Override
    public synchronized void trialStarted(CellKey cell, int trial, int planned) {
        long now = clock.getAsLong();
        endRunningTrial(now);
        trials.computeIfAbsent(cell, c -> new Trials()).planned = planned;
        running = cell;
        runningSince = now;
    }

    @Override
    public synchronized void cellFinished(CellKey cell, CellStatus status, String reason) {
        long now = clock.getAsLong();
        if (cell.equals(running)) {
            endRunningTrial(now);
        }
        done.add(cell);
        Long start = started.get(cell);
        CellEstimate e = estimates.get(cell);
        if (start != null && e != null) {
            measuredNanos += now - start;
            estimatedNanos += e.total().toNanos();
        }
    }

    private void endRunningTrial(long now) {
        if (running != null) {
            Trials t = trials.get(running);
            t.finished++;
            t.nanos += now - runningSince;
            running = null;
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
            CellKey cell = e.getKey();
            if (done.contains(cell)) {
                continue;
            }
            Trials t = trials.get(cell);
            double inTrial = cell.equals(running) ? now - runningSince : 0;
            double cellLeft = t != null && t.finished > 0
                    ? (double) t.nanos / t.finished * (t.planned - t.finished) - inTrial
                    : e.getValue().total().toNanos() * factor - inTrial;
            nanos += Math.max(0, cellLeft);
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** {@code ~6 min left}, or {@code under a minute left}. */
    public String leftWords() {
        Duration d = left();
        return d.toSeconds() < 60 ? "under a minute left" : CellEstimate.words(d) + " left";
    }
}
