package org.virtbench.runner.campaign;

import java.io.PrintStream;
import java.util.Optional;
import org.virtbench.runner.budget.Eta;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;

/**
 * Progress lines on the terminal's error stream, one as each cell starts, each trial starts and
 * each cell ends: elapsed time, the cell's position, the trial and, with an {@link Eta}, the time
 * left ({@code 0:03:12 [12/39] sysbench-oltp @ lxc n=2: trial 3/4, ~6 min left}). Plain lines, so
 * a log file or a pipe reads as well as a terminal.
 */
final class TerminalProgress implements ProgressListener {
    private final PrintStream err;
    private final Optional<Eta> eta;
    private final long start = System.nanoTime();
    /** Each started cell's "[index/total] cell": a round's cells run their trials interleaved. */
    private final java.util.Map<CellKey, String> prefixes = new java.util.HashMap<>();

    TerminalProgress(PrintStream err) {
        this(err, Optional.empty());
    }

    TerminalProgress(PrintStream err, Optional<Eta> eta) {
        this.err = err;
        this.eta = eta;
    }

    @Override
    public void cellStarted(int index, int total, CellKey cell) {
        eta.ifPresent(e -> e.cellStarted(index, total, cell));
        prefixes.put(cell, "[" + index + "/" + total + "] " + cell);
        err.println(elapsed() + prefix(cell) + ": provisioning" + left());
    }

    @Override
    public void cellSkipped(int index, int total, CellKey cell) {
        eta.ifPresent(e -> e.cellSkipped(index, total, cell));
        err.println(elapsed() + "[" + index + "/" + total + "] " + cell + ": finished earlier, not run again");
    }

    @Override
    public void trialStarted(CellKey cell, int trial, int planned) {
        eta.ifPresent(e -> e.trialStarted(cell, trial, planned));
        err.println(elapsed() + prefix(cell) + ": trial " + trial + "/" + planned + left());
    }

    @Override
    public void cellFinished(CellKey cell, CellStatus status, String reason) {
        eta.ifPresent(e -> e.cellFinished(cell, status, reason));
        String word = switch (status) {
            case COMPLETED -> "completed";
            case FAILED -> "FAILED";
            case DOES_NOT_FIT -> "does not fit";
        };
        err.println(elapsed() + prefix(cell) + ": " + word + (reason == null ? "" : " (" + reason + ")") + left());
    }

    private String prefix(CellKey cell) {
        return prefixes.getOrDefault(cell, cell.toString());
    }

    private String left() {
        return eta.map(e -> ", " + e.leftWords()).orElse("");
    }

    private String elapsed() {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format("%3d:%02d:%02d ", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
