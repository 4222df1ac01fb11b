package org.virtbench.runner.engine;

import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;

/** What the engine reports while it runs, for a terminal or a log. Called from the engine's thread. */
public interface ProgressListener {
    /** A cell is about to be provisioned; {@code index} counts from 1 over all cells of the campaign. */
    default void cellStarted(int index, int total, CellKey cell) {
    }

    /** A cell was finished by an earlier process of this campaign and is not run again. */
    default void cellSkipped(int index, int total, CellKey cell) {
    }

    /** A trial begins; {@code trial} counts from 1; {@code planned} grows under dynamic repetition. */
    default void trialStarted(CellKey cell, int trial, int planned) {
    }

    /** A cell ended; {@code reason} is null when it completed without failures. */
    default void cellFinished(CellKey cell, CellStatus status, String reason) {
    }

    /** Reports nothing. */
    ProgressListener NONE = new ProgressListener() {
    };
}
