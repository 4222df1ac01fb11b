package org.virtbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.report.ReportFormat;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.results.ResultsBuilder;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.LevelSplit;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

class ProvisioningsTest {
    @TempDir
    Path dir;

    @Test
    void eachProvisioningGetsFreshGuestsItsOwnWarmUpAndTheVarianceSplitsBetweenThem() throws Exception {
        Events events = new Events();
        int[] provisioning = {-1};
        // each provisioning of guests is 10 s slower than the last, its trials 0.1 s apart
        ScriptedPlan plan = ScriptedPlan.builder("levels", events).repeat(3, 1).script(new ScriptedPlan.Script() {
            @Override
            public void setup(org.virtbench.annotations.Level level, int guest, int trial) {
                if (level == org.virtbench.annotations.Level.PROVISIONING) {
                    provisioning[0]++;
                }
            }

            @Override
            public double measure(int guest, int trial) {
                return 100 + 10 * provisioning[0] + 0.1 * trial;
            }
        });
        CampaignSettings settings = new CampaignSettings(List.of("host"), null, null, "paper", Map.of(), null, null,
                List.of(), StatsMode.RIGOROUS, 0.03, List.of("test"), Instant.now().toString(), null, null,
                null, "sequential", 3);
        FakeBackend host = new FakeBackend("host", events);
        List<CellPlan> cells = CampaignPlanner.plan(settings, WorkloadCatalog.of(List.of(plan)));
        try (Journal journal = Journal.open(dir.resolve(Journal.FILE))) {
            new CampaignEngine(settings, Map.of("host", host), journal, JournalState.empty(), 8L << 30,
                    ProgressListener.NONE, dir).run(cells);
        }
        List<JournalEntry> entries = Journal.read(dir.resolve(Journal.FILE));

        assertEquals(3, events.count("provision host n=1"));
        assertEquals(3, events.count("close host n=1"));
        List<JournalEntry.Sample> samples = entries.stream().filter(e -> e instanceof JournalEntry.Sample)
                .map(JournalEntry.Sample.class::cast).toList();
        assertEquals(9, samples.size());
        assertEquals(List.of(0, 3, 6), samples.stream().filter(JournalEntry.Sample::discarded)
                .map(JournalEntry.Sample::trial).toList(), "the first trial of each provisioning warms up");

        HostMetadata meta = new HostMetadata("test", null, null, null, 1, null, null, null, null, null, Map.of(),
                Map.of());
        ResultsDocument doc = ResultsBuilder.build(settings, meta, List.of(cells.get(0).cell()),
                new JournalState(entries), Instant.now().toString());
        LevelSplit levels = doc.cells().get(0).figures().levels();
        assertNotNull(levels);
        assertEquals(3, levels.provisionings());
        assertEquals(2, levels.trialsEach());
        assertEquals(List.of(100.15, 110.15, 120.15), levels.means().stream()
                .map(m -> Math.round(m * 100) / 100.0).toList());
        assertTrue(levels.betweenShare() > 0.99, "the provisionings differ, the trials hardly: " + levels);
        assertTrue(levels.confidence95().contains(110.15) && levels.confidence95().width() > 20,
                "over 3 means 10 apart: " + levels.confidence95());
        Path html = Reports.write(doc, dir, java.util.Set.of(ReportFormat.HTML)).get(0);
        assertTrue(java.nio.file.Files.readString(html).contains("Repetition at two levels"));
    }

    @Test
    void theSplitOfKnownGroups() {
        // means 2 and 4 (variance of means 2), within-group variance 1 with 3 a group: between = 2 - 1/3
        LevelSplit split = LevelSplit.of(List.of(new double[] {1, 2, 3}, new double[] {3, 4, 5}));
        assertEquals(1.0, split.withinVariance(), 1e-12);
        assertEquals(2 - 1.0 / 3, split.betweenVariance(), 1e-12);
        assertEquals((2 - 1.0 / 3) / (3 - 1.0 / 3), split.betweenShare(), 1e-12);
        assertNull(LevelSplit.of(List.of(new double[] {1, 2})).confidence95(), "one provisioning has no interval");
        assertEquals(1, LevelSplit.provisioningOf(5, 3, 3));
        assertEquals(2, LevelSplit.provisioningOf(11, 3, 3), "extra trials stay in the last");
    }
}
