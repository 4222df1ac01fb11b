package org.virtbench.runner.engine;

import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.JournalEntry;

/**
 * The host-clock spans of one trial's contributing guests (those whose measure returned a value),
 * summed up as the trial's start skew and common window, and the spread of the moments the start
 * gate's release reached them.
 */
final class TrialSpans {
    private long earliestStart = Long.MAX_VALUE;
    private long latestStart = Long.MIN_VALUE;
    private long earliestEnd = Long.MAX_VALUE;
    private long shortest = Long.MAX_VALUE;
    private long earliestReceived = Long.MAX_VALUE;
    private long latestReceived = Long.MIN_VALUE;
    private int received;
    private int guests;
    private int gated;

    /**
     * Adds one contributing guest's span.
     *
     * @param receivedNanos when the start gate's release reached it; null when unknown
     */
    void add(long startNanos, long endNanos, boolean releasedByGate, Long receivedNanos) {
        guests++;
        if (receivedNanos != null) {
            received++;
            earliestReceived = Math.min(earliestReceived, receivedNanos);
            latestReceived = Math.max(latestReceived, receivedNanos);
        }
        if (releasedByGate) {
            gated++;
        }
        earliestStart = Math.min(earliestStart, startNanos);
        latestStart = Math.max(latestStart, startNanos);
        earliestEnd = Math.min(earliestEnd, endNanos);
        shortest = Math.min(shortest, endNanos - startNanos);
    }

    /** True when no guest contributed. */
    boolean empty() {
        return guests == 0;
    }

    /**
     * The trial's window: skew = latest start - earliest start; common window = earliest end -
     * latest start; flagged when the skew exceeds {@link JournalEntry.TrialWindow#SKEW_LIMIT} of the
     * shortest measured duration (the guest the skew matters most to).
     */
    JournalEntry.TrialWindow window(CellKey cell, int attempt, int trial) {
        long skew = latestStart - earliestStart;
        boolean flagged = skew > JournalEntry.TrialWindow.SKEW_LIMIT * shortest;
        Long releaseSkew = received == guests ? latestReceived - earliestReceived : null;
        return new JournalEntry.TrialWindow(cell.workload(), cell.backend(), cell.guests(), attempt, trial, guests,
                skew, earliestEnd - latestStart, gated, shortest, flagged, releaseSkew);
    }
}
