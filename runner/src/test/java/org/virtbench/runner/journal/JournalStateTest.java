package org.virtbench.runner.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Unit;

/** The journal's index: one pass, then every query a lookup that answers what a scan would. */
class JournalStateTest {
    @TempDir
    Path dir;

    private static JournalEntry.Sample sample(String workload, int guests, int attempt, int guest, int trial, double v) {
        return JournalEntry.Sample.ok(new JournalEntry.Sample.Slot(new CellKey(workload, "host", guests), attempt,
                guest, trial, false), v, Unit.SECONDS, Map.of(), new JournalEntry.Sample.Span(1L, 2L, null, null), null);
    }

    private static JournalEntry.TrialWindow window(String workload, int guests, int attempt, int trial) {
        return new JournalEntry.TrialWindow(workload, "host", guests, attempt, trial, guests, 10L * trial, 100L,
                guests, 50L, false, 1L, 1L, 0);
    }

    private static JournalEntry.CellFinished end(String workload, int guests, int attempt) {
        return new JournalEntry.CellFinished(workload, "host", guests, attempt, "t", CellStatus.COMPLETED, null, 2, 2,
                null, Map.of(), List.of());
    }

    @Test
    void eachCellsCountingAttemptComesByKindWithSamplesByTrialThenGuest() {
        CellKey two = new CellKey("a", "host", 2);
        CellKey other = new CellKey("b", "host", 1);
        JournalState state = new JournalState(List.of(
                new JournalEntry.CampaignStarted("t0", 1, false, List.of("virtbench", "run"), "interleaved"),
                sample("a", 2, 1, 0, 0, 99.0),                   // attempt 1, interrupted
                sample("a", 2, 2, 1, 1, 4.0), sample("b", 1, 1, 0, 0, 7.0),
                sample("a", 2, 2, 0, 1, 3.0), window("a", 2, 2, 1),
                sample("a", 2, 2, 1, 0, 2.0), window("a", 2, 2, 0),
                sample("a", 2, 2, 0, 0, 1.0),
                end("a", 2, 2),
                new JournalEntry.CampaignStarted("t1", 2, true, List.of("virtbench", "run"), "interleaved")));

        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), state.ofCell(two, JournalEntry.Sample.class).stream()
                .map(s -> s.outcome().value()).toList(), "attempt 2 only, by trial then guest");
        assertEquals(List.of(1, 0), state.ofCell(two, JournalEntry.TrialWindow.class).stream()
                .map(JournalEntry.TrialWindow::trial).toList(), "other kinds in journal order");
        assertEquals(List.of(7.0), state.ofCell(other, JournalEntry.Sample.class).stream()
                .map(s -> s.outcome().value()).toList(), "an unfinished cell: its latest attempt");
        assertTrue(state.ofCell(other, JournalEntry.CellStarted.class).isEmpty());
        assertTrue(state.ofCell(new CellKey("c", "host", 1), JournalEntry.Sample.class).isEmpty());
        assertEquals(3, state.nextAttempt(two));
        assertEquals(2, state.nextAttempt(other));
        assertEquals(List.of("t0", "t1"), state.starts().stream().map(JournalEntry.CampaignStarted::at).toList());
        assertEquals("t0", state.firstStart().orElseThrow().at());
        assertTrue(state.finishedCells().contains(two));
        assertFalse(state.finishedCells().contains(other));
    }

    @Test
    void theJournalTellsItsObserverOfEachEntryItWrote() throws Exception {
        List<JournalEntry> seen = new ArrayList<>();
        try (Journal journal = Journal.open(dir.resolve(Journal.FILE))) {
            journal.observe(seen::add);
            journal.append(sample("a", 1, 1, 0, 0, 1.0));
            journal.append(end("a", 1, 1));
            journal.seal();
            journal.append(sample("a", 1, 1, 0, 1, 2.0));
        }
        assertEquals(Journal.read(dir.resolve(Journal.FILE)), seen, "what is in the file, in order; nothing dropped");
        assertEquals(2, seen.size());
    }
}
