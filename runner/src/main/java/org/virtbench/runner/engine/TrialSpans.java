package org.virtbench.runner.engine;

import java.util.ArrayList;
import java.util.List;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.start.GateOpening;

/**
 * The host-clock spans of one trial's contributing guests (those whose measure returned a value),
 * summed up as the trial's start skew and common window, how together the start gate opened in
 * them, and the spread of the moments its release reached them.
 */
final class TrialSpans {
    private long earliestStart = Long.MAX_VALUE;
    private long latestStart = Long.MIN_VALUE;
    private long earliestEnd = Long.MAX_VALUE;
    private long shortest = Long.MAX_VALUE;
    private long earliestReceived = Long.MAX_VALUE;
    private long latestReceived = Long.MIN_VALUE;
    private final List<GateOpening> openings = new ArrayList<>();
    private int received;
    private int guests;
    private int gated;

    /**
     * Adds one contributing guest's span.
     *
     * @param receivedNanos when the start gate's release reached it; null when unknown
     * @param opening       when the gate opened in it; null when unknown
     */
    void add(long startNanos, long endNanos, boolean releasedByGate, Long receivedNanos, GateOpening opening) {
        guests++;
        if (receivedNanos != null) {
            received++;
            earliestReceived = Math.min(earliestReceived, receivedNanos);
            latestReceived = Math.max(latestReceived, receivedNanos);
        }
        if (opening != null) {
            openings.add(opening);
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
     * shortest measured duration (the guest the skew matters most to). The release skew is the
     * spread of the gate's openings ({@link GateOpening#spread}), the delivery skew that of the
     * release's arrivals; both only when every contributing guest has one.
     */
    JournalEntry.TrialWindow window(CellKey cell, int attempt, int trial) {
        long skew = latestStart - earliestStart;
        boolean flagged = skew > JournalEntry.TrialWindow.SKEW_LIMIT * shortest;
        boolean everyOpening = openings.size() == guests;
        Long releaseSkew = everyOpening ? GateOpening.spread(openings) : null;
        Integer late = everyOpening ? (int) openings.stream().filter(GateOpening::late).count() : null;
        Long deliverySkew = received == guests ? latestReceived - earliestReceived : null;
        return new JournalEntry.TrialWindow(cell.workload(), cell.backend(), cell.guests(), attempt, trial, guests,
                skew, earliestEnd - latestStart, gated, shortest, flagged, releaseSkew, deliverySkew, late);
    }
}
