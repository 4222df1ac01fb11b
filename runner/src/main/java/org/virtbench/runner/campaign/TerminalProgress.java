package org.virtbench.runner.campaign;

import java.io.PrintStream;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;

/** Progress lines on the terminal's error stream: cell, trial, elapsed time of the campaign. */
final class TerminalProgress implements ProgressListener {
    private final PrintStream err;
    private final long start = System.nanoTime();
    private String prefix = "";

    TerminalProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void cellStarted(int index, int total, CellKey cell) {
        prefix = "[" + index + "/" + total + "] " + cell;
        err.println(elapsed() + prefix + ": provisioning");
    }

    @Override
    public void cellSkipped(int index, int total, CellKey cell) {
        err.println(elapsed() + "[" + index + "/" + total + "] " + cell + ": finished earlier, not run again");
    }

    @Override
    public void trialStarted(CellKey cell, int trial, int planned) {
        err.println(elapsed() + prefix + ": trial " + trial + "/" + planned);
    }

    @Override
    public void cellFinished(CellKey cell, CellStatus status, String reason) {
        String word = switch (status) {
            case COMPLETED -> "completed";
            case FAILED -> "FAILED";
            case DOES_NOT_FIT -> "does not fit";
        };
        err.println(elapsed() + prefix + ": " + word + (reason == null ? "" : " (" + reason + ")"));
    }

    private String elapsed() {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        return String.format("%3d:%02d:%02d ", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
