package org.virtbench.runner.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.Guest;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.stats.Interval;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.stats.Summary;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

class ResultsTest {
    @TempDir
    Path dir;

    private final Events events = new Events();

    @Test
    void normalizesATimeAsNativeOverVirtualAndAThroughputAsVirtualOverNative() throws Exception {
        ScriptedPlan time = ScriptedPlan.builder("a-time", events).repeat(2, 0).script(slowerOnSlow(2.0, 4.0));
        ScriptedPlan rate = ScriptedPlan.builder("a-rate", events).unit(Unit.MB_PER_SECOND).repeat(2, 0)
                .script(slowerOnSlow(100.0, 50.0));
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events))
                .backend(new FakeBackend("slow", events));
        harness.run(time, rate);
        ResultsDocument doc = harness.results(time, rate);

        Map<String, Double> relative = new java.util.TreeMap<>();
        doc.cells().forEach(c -> relative.put(c.cell().workload() + "@" + c.cell().backend(), c.figures().relative().value()));
        assertEquals(Map.of("a-rate@host", 1.0, "a-rate@slow", 0.5, "a-time@host", 1.0, "a-time@slow", 0.5),
                relative);
    }

    /** A script whose value depends on the backend, told apart by the fake guests' names. */
    private static ScriptedPlan.Script slowerOnSlow(double onHost, double onSlow) {
        return new ScriptedPlan.Script() {
            @Override
            public double measure(int guest, int trial) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double measureOn(Guest guest, int trial) {
                return guest.name().startsWith("slow") ? onSlow : onHost;
            }
        };
    }

    @Test
    void hasNoRelativeValueWithoutACompletedBaselineCell() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("no-baseline", events).repeat(2, 0).script((g, t) -> 1.0);
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("other", events));
        harness.run(plan);
        ResultsDocument.CellResult cell = harness.results(plan).cells().get(0);
        assertNotNull(cell.figures().summary());
        assertNull(cell.figures().relative());
    }

    @Test
    void aggregatesTheGuestsOfAScaleCell() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("scaled", events).unit(Unit.MB_PER_SECOND).repeat(2, 0).scales(4)
                .script((g, t) -> 10.0 * (g + 1));
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events))
                .stats(StatsMode.RIGOROUS);
        harness.run(plan);
        ResultsDocument.CellResult cell = harness.results(plan).cells().get(0);
        assertEquals(4, cell.figures().perGuest().size());
        assertEquals(30.0, cell.figures().perGuest().get(2).median());
        assertEquals(100.0, cell.scale().aggregate().aggregate(), 1e-9, "mean per guest 25 x 4 guests");
        assertNotNull(cell.figures().summary().confidence95(), "rigorous mode has intervals");
        assertNotNull(cell.figures().relative().bootstrap95());
        assertNotNull(cell.scale().maxStartSkewNanos());
    }

    @Test
    void listsCellsThatNeverRanAsNotRunAndTheCampaignAsIncomplete() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("pending", events).repeat(1, 0).scales(1, 2).script((g, t) -> 1.0);
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        harness.run(ScriptedPlan.builder("pending", events).repeat(1, 0).scales(1).script((g, t) -> 1.0));
        ResultsDocument doc = harness.results(plan);
        assertFalse(doc.campaign().complete());
        assertNull(doc.campaign().ended());
        assertEquals(ResultsDocument.Status.COMPLETED, doc.cells().get(0).outcome().status());
        assertEquals(ResultsDocument.Status.NOT_RUN, doc.cells().get(1).outcome().status());
    }

    @Test
    void writesNumbersAsNumbersAndWhatIsUndefinedAsNull() throws Exception {
        Summary summary = new Summary(1, 2.5, 2.5, 2.5, 2.5, Double.NaN, Double.NaN, new Interval(1, 4), List.of(),
                List.of());
        ResultsDocument.CellResult cell = new ResultsDocument.CellResult(
                new ResultsDocument.Cell("w", "host", 1, "s", null, Map.of(), 4, 1),
                new ResultsDocument.Outcome(ResultsDocument.Status.COMPLETED, null, 4, null),
                new ResultsDocument.Figures(summary, List.of(summary), null, null), ResultsDocument.Scale.NONE,
                new ResultsDocument.Provisioned(1L << 30, null, Map.of(), List.of()), List.of());
        ResultsDocument doc = new ResultsDocument(ResultsDocument.SCHEMA_VERSION,
                new ResultsDocument.Campaign("v", List.of("run"), "a", "b", List.of(), true, "paper", "paper", null,
                        null, "host"),
                new HostMetadata("h", null, "6.1", null, 2, 1L, 250, "vda", "none", "none", Map.of(), Map.of()),
                List.of(), List.of(cell), List.of());
        Path file = dir.resolve(ResultsDocument.FILE);
        ResultsWriter.write(doc, file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals(ResultsDocument.SCHEMA_VERSION, json.get("schemaVersion").intValue());
        JsonNode s = json.get("cells").get(0).get("figures").get("summary");
        assertTrue(s.get("median").isNumber());
        assertTrue(s.get("stdDev").isNull(), "NaN is written as null: " + s);
        assertTrue(s.get("relativeStdDev").isNull());
        assertTrue(json.get("cells").get(0).get("figures").get("relative").isNull());
        assertTrue(json.get("host").get("configHz").isNumber());
        assertFalse(java.nio.file.Files.readString(file).contains("NaN"));
    }
}
