package org.virtbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Direction;
import org.virtbench.annotations.Unit;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

class ResumeTest {
    @TempDir
    Path dir;

    private final Events events = new Events();

    @Test
    void resumingNeverRunsAFinishedCellAgainAndRerunsTheInterruptedOne() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("resumable", events).repeat(2, 0).scales(1, 2, 4)
                .script((g, t) -> 10.0 + t);
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        harness.run(plan);
        List<JournalEntry> complete = harness.journal();

        // Keep the journal as a crash in cell n=2 would have left it: cell n=1 finished, n=2 half done.
        java.nio.file.Files.delete(harness.journalFile());
        try (Journal journal = Journal.open(harness.journalFile())) {
            for (JournalEntry e : complete) {
                if (e instanceof JournalEntry.AboutCell about && about.guests() == 4) {
                    continue;
                }
                if (e instanceof JournalEntry.CellFinished end && end.guests() == 2) {
                    continue;
                }
                journal.append(e);
            }
            journal.append(JournalEntry.Sample.ok(new JournalEntry.Sample.Slot(new CellKey("resumable", "host", 2), 1,
                    0, 1, false), 99.0, Unit.SECONDS, Map.of(), new JournalEntry.Sample.Span(1L, 2L, null, null), null));
        }
        Events afterCrash = new Events();
        EngineHarness resumed = new EngineHarness(dir).backend(new FakeBackend("host", afterCrash));
        CampaignOutcome outcome = resumed.run(ScriptedPlan.builder("resumable", afterCrash).repeat(2, 0)
                .scales(1, 2, 4).script((g, t) -> 10.0 + t));

        assertEquals(1, outcome.skipped());
        assertEquals(2, outcome.run());
        assertEquals(List.of("provision host n=2", "provision host n=4"),
                afterCrash.matching(e -> e.startsWith("provision")));
        List<JournalEntry.CellStarted> starts = resumed.journal(JournalEntry.CellStarted.class);
        assertEquals(1, starts.stream().filter(s -> s.guests() == 1).count(), "n=1 ran once");
        assertEquals(List.of(1, 2), starts.stream().filter(s -> s.guests() == 2)
                .map(JournalEntry.CellStarted::attempt).toList());
        assertTrue(resumed.journal(JournalEntry.CampaignStarted.class).get(1).resumed());

        ResultsDocument results = resumed.results(plan);
        assertTrue(results.campaign().complete());
        ResultsDocument.CellResult n2 = results.cells().get(1);
        assertEquals(4, n2.samples().size(), "only the finished attempt counts: 2 trials x 2 guests");
        assertTrue(n2.samples().stream().noneMatch(s -> s.value() == 99.0));
        assertEquals(Direction.LOWER_IS_BETTER, n2.cell().direction());
        assertEquals(1, results.campaign().resumed().size());
    }
}
