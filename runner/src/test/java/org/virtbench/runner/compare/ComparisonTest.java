package org.virtbench.runner.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtbench.annotations.Direction;
import org.virtbench.runner.compare.Comparison.CellComparison;
import org.virtbench.runner.compare.Comparison.Verdict;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.results.ResultsDocument.SampleResult;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.stats.StatsMode;

class ComparisonTest {
    /** A completed cell whose kept samples are {@code values} (one discarded warm-up before them). */
    static CellResult cell(String workload, Direction direction, double... values) {
        List<SampleResult> samples = new ArrayList<>();
        samples.add(SampleResult.ok(0, 0, 999.0, true, 0L, 1L, Map.of()));
        for (int i = 0; i < values.length; i++) {
            samples.add(SampleResult.ok(0, i + 1, values[i], false, 0L, 1L, Map.of()));
        }
        return new CellResult(new ResultsDocument.Cell(workload, "host", 1,
                direction == Direction.LOWER_IS_BETTER ? "s" : "MB/s", direction, Map.of(), values.length + 1, 1),
                new ResultsDocument.Outcome(ResultsDocument.Status.COMPLETED, null, values.length + 1, null),
                new ResultsDocument.Figures(Statistics.summarize(values, StatsMode.PAPER), List.of(), null, null),
                ResultsDocument.Scale.NONE, ResultsDocument.Provisioned.NONE, samples);
    }

    static ResultsDocument doc(CellResult... cells) {
        return new ResultsDocument(ResultsDocument.SCHEMA_VERSION,
                new ResultsDocument.Campaign("0.1.0", List.of("virtbench"), "a", "b", List.of(), true, "quick", "paper",
                        null, null, "host"),
                new HostMetadata("h", null, null, null, 1, null, null, null, null, null, Map.of(), Map.of()),
                List.of(), Arrays.asList(cells), List.of());
    }

    @Test
    void aLongerTimeIsWorseAndAHigherThroughputBetterAfterTheAdjustment() {
        ResultsDocument a = doc(cell("time", Direction.LOWER_IS_BETTER, 1.0, 1.1, 1.2, 1.05, 1.15),
                cell("rate", Direction.HIGHER_IS_BETTER, 100, 101, 102, 100.5, 101.5));
        ResultsDocument b = doc(cell("time", Direction.LOWER_IS_BETTER, 1.5, 1.6, 1.7, 1.55, 1.65),
                cell("rate", Direction.HIGHER_IS_BETTER, 120, 121, 122, 120.5, 121.5));
        Comparison c = Comparison.of(a, b);
        CellComparison time = c.cells().get(0);
        assertEquals(Verdict.WORSE, time.verdict());
        assertEquals("worse", time.verdictText());
        assertEquals(1.6 / 1.1, time.ratio().orElseThrow(), 1e-12);
        assertEquals(0.5 / 1.1, time.worse().orElseThrow(), 1e-12, "(B - A) / A of the medians");
        assertEquals(1.0 / 252, time.test().orElseThrow().pValue(), 1e-12, "5 vs 5 apart: 1 of C(10,5) splits");
        assertEquals(2.0 / 252, time.adjustedP().orElseThrow(), 1e-12, "Holm: the smallest of 2 p-values x 2");
        assertTrue(time.ratio95().orElseThrow().contains(1.6 / 1.1), time.ratio95().toString());
        CellComparison rate = c.cells().get(1);
        assertEquals(Verdict.BETTER, rate.verdict());
        assertEquals(-20.0 / 101, rate.worse().orElseThrow(), 1e-12, "(A - B) / A: negative is better");
        assertEquals(List.of(time), c.regressions(0.10));
        assertEquals(List.of(), c.regressions(0.50), "45% worse is within a 50% gate");
    }

    @Test
    void threeTrialsASideCannotSurviveTheAdjustmentOfTwoCells() {
        // each alone would reach p = 1/20 = 0.05; Holm doubles the smaller: nothing is beyond noise
        Comparison c = Comparison.of(doc(cell("t1", Direction.LOWER_IS_BETTER, 1.0, 1.1, 1.2),
                        cell("t2", Direction.LOWER_IS_BETTER, 1.0, 1.1, 1.2)),
                doc(cell("t1", Direction.LOWER_IS_BETTER, 1.5, 1.6, 1.7),
                        cell("t2", Direction.LOWER_IS_BETTER, 1.5, 1.6, 1.7)));
        assertEquals(0.1, c.cells().get(0).adjustedP().orElseThrow(), 1e-12);
        assertEquals(Verdict.CANNOT_TELL, c.cells().get(0).verdict());
        assertTrue(c.cells().get(0).verdictText().startsWith("cannot tell (MDC "), c.cells().get(0).verdictText());
        assertEquals(List.of(), c.regressions(0.0));
    }

    @Test
    void aLowerThroughputIsWorse() {
        Comparison c = Comparison.of(doc(cell("rate", Direction.HIGHER_IS_BETTER, 100, 101, 102)),
                doc(cell("rate", Direction.HIGHER_IS_BETTER, 50, 51, 52)));
        assertEquals(Verdict.WORSE, c.cells().get(0).verdict());
        assertEquals(50.0 / 101, c.cells().get(0).worse().orElseThrow(), 1e-12);
    }

    @Test
    void tightOverlappingSamplesAreTheSameWithinTheirIntervalsReach() {
        Comparison c = Comparison.of(doc(cell("time", Direction.LOWER_IS_BETTER, 10.0, 10.1, 9.9, 10.05, 9.95)),
                doc(cell("time", Direction.LOWER_IS_BETTER, 10.02, 9.92, 10.08, 9.97, 10.03)));
        CellComparison same = c.cells().get(0);
        assertEquals(Verdict.SAME, same.verdict());
        double reach = Comparison.reach(same.ratio95().orElseThrow());
        assertTrue(reach < 0.02, "the interval reaches " + reach);
        assertEquals(String.format(java.util.Locale.ROOT, "same within %.1f%%", reach * 100), same.verdictText());
        assertTrue(same.mdc().orElseThrow() < 0.03, "1% noise, 5 a side: MDC " + same.mdc());
    }

    @Test
    void overlappingNoisySamplesCannotBeToldApartAndNeverFailTheGate() {
        Comparison c = Comparison.of(doc(cell("time", Direction.LOWER_IS_BETTER, 1, 2, 4)),
                doc(cell("time", Direction.LOWER_IS_BETTER, 3, 5, 6)));
        assertEquals(Verdict.CANNOT_TELL, c.cells().get(0).verdict(), "p = 2/20");
        assertTrue(c.cells().get(0).mdc().orElseThrow() > 1, "so noisy that only a doubling shows");
        assertEquals(List.of(), c.regressions(0.0));
    }

    @Test
    void saysWhenTooFewSamplesCanTellAndWhenACellIsMissing() {
        Comparison c = Comparison.of(doc(cell("time", Direction.LOWER_IS_BETTER, 1, 2), cell("gone",
                        Direction.LOWER_IS_BETTER, 1, 2, 3)),
                doc(cell("time", Direction.LOWER_IS_BETTER, 3, 4), cell("new", Direction.LOWER_IS_BETTER, 1, 2, 3)));
        assertEquals(Verdict.CANNOT_TELL, c.cells().get(0).verdict());
        assertTrue(c.cells().get(0).note().contains("0.167"), c.cells().get(0).note());
        assertEquals(Verdict.MISSING, c.cells().get(1).verdict());
        assertEquals("only in A", c.cells().get(1).note());
        assertEquals(Verdict.MISSING, c.cells().get(2).verdict());
        assertEquals("only in B", c.cells().get(2).note());
    }

    @Test
    void theHtmlTableEscapesAndColoursRegressions() {
        Comparison c = Comparison.of(doc(cell("<t>", Direction.LOWER_IS_BETTER, 1.0, 1.1, 1.2)),
                doc(cell("<t>", Direction.LOWER_IS_BETTER, 1.5, 1.6, 1.7)));
        assertTrue(CompareReport.method(c).contains("adjusted across the 1 compared cells by Holm's method"));
        String html = CompareReport.html(c, "a/results.json", "b/results.json", java.util.Optional.of(0.1));
        assertTrue(html.contains("<tr class=\"regressed\"><td>&lt;t&gt;</td>"), html);
        assertTrue(html.contains("1 did."), html);
    }
}
