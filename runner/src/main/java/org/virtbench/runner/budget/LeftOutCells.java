package org.virtbench.runner.budget;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.JournalState;

/**
 * The cells a campaign leaves out of its budget, in its journal: written once, when the campaign
 * starts, each with its reason and command ({@code cell-left-out}); a resumed campaign leaves out
 * what its start left out.
 */
public final class LeftOutCells {
    private LeftOutCells() {
    }

    /** The cells not to run: left out by {@code fit}, or journaled as left out by the campaign's start. */
    public static Set<CellKey> of(JournalState previous, Budget.Fit fit) {
        Set<CellKey> out = new HashSet<>();
        previous.entries().stream().filter(JournalEntry.CellLeftOut.class::isInstance)
                .map(e -> ((JournalEntry.CellLeftOut) e).cell()).forEach(out::add);
        fit.leftOut().forEach(l -> out.add(l.cell()));
        return out;
    }

    /** Journals the cells {@code fit} leaves out, when the campaign starts (its journal was empty). */
    public static void journal(Journal journal, JournalState previous, Budget.Fit fit) {
        if (!previous.entries().isEmpty()) {
            return;
        }
        String at = Instant.now().toString();
        for (Budget.LeftOut l : fit.leftOut()) {
            journal.append(new JournalEntry.CellLeftOut(l.cell().workload(), l.cell().backend(), l.cell().guests(), at,
                    l.estimate().total().toMillis() / 1000.0, l.reason(), l.command()));
        }
    }
}
