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
        samples.add(new SampleResult(0, 0, 999.0, true, "ok", null, 0L, 1L, Map.of()));
        for (int i = 0; i < values.length; i++) {
            samples.add(new SampleResult(0, i + 1, values[i], false, "ok", null, 0L, 1L, Map.of()));
        }
        return new CellResult(workload, "host", 1, direction == Direction.LOWER_IS_BETTER ? "s" : "MB/s", direction,
                "completed", null, Map.of(), values.length + 1, 1, values.length + 1, null, null,
                Statistics.summarize(values, StatsMode.PAPER), List.of(), null, null, null, samples, Map.of(),
                List.of());
    }

    static ResultsDocument doc(CellResult... cells) {
        return new ResultsDocument(ResultsDocument.SCHEMA_VERSION,
                new ResultsDocument.Campaign("0.1.0", List.of("virtbench"), "a", "b", List.of(), true, "quick", "paper",
                        null, null, "host"),
                new HostMetadata("h", null, null, null, 1, null, null, null, null, null, Map.of(), Map.of()),
                List.of(), Arrays.asList(cells));
    }

    @Test
    void aLongerTimeIsARegressionAndAHigherThroughputAnImprovement() {
        ResultsDocument a = doc(cell("time", Direction.LOWER_IS_BETTER, 1.0, 1.1, 1.2),
                cell("rate", Direction.HIGHER_IS_BETTER, 100, 101, 102));
        ResultsDocument b = doc(cell("time", Direction.LOWER_IS_BETTER, 1.5, 1.6, 1.7),
                cell("rate", Direction.HIGHER_IS_BETTER, 120, 121, 122));
        Comparison c = Comparison.of(a, b);
        CellComparison time = c.cells().get(0);
        assertEquals(Verdict.REGRESSED, time.verdict());
        assertEquals(1.6 / 1.1, time.ratio().orElseThrow(), 1e-12);
        assertEquals(0.5 / 1.1, time.worse().orElseThrow(), 1e-12, "(B - A) / A of the medians");
        assertEquals(0.05, time.test().orElseThrow().pValue(), 1e-12);
        CellComparison rate = c.cells().get(1);
        assertEquals(Verdict.IMPROVED, rate.verdict());
        assertEquals(-20.0 / 101, rate.worse().orElseThrow(), 1e-12, "(A - B) / A: negative is better");
        assertEquals(List.of(time), c.regressions(0.10));
        assertEquals(List.of(), c.regressions(0.50), "45% worse is within a 50% gate");
    }

    @Test
    void aLowerThroughputIsARegression() {
        Comparison c = Comparison.of(doc(cell("rate", Direction.HIGHER_IS_BETTER, 100, 101, 102)),
                doc(cell("rate", Direction.HIGHER_IS_BETTER, 50, 51, 52)));
        assertEquals(Verdict.REGRESSED, c.cells().get(0).verdict());
        assertEquals(50.0 / 101, c.cells().get(0).worse().orElseThrow(), 1e-12);
    }

    @Test
    void overlappingSamplesAreWithinNoiseAndNeverFailTheGate() {
        Comparison c = Comparison.of(doc(cell("time", Direction.LOWER_IS_BETTER, 1, 2, 4)),
                doc(cell("time", Direction.LOWER_IS_BETTER, 3, 5, 6)));
        assertEquals(Verdict.WITHIN_NOISE, c.cells().get(0).verdict(), "p = 2/20");
        assertEquals(List.of(), c.regressions(0.0));
    }

    @Test
    void saysWhenTooFewSamplesCanTellAndWhenACellIsMissing() {
        Comparison c = Comparison.of(doc(cell("time", Direction.LOWER_IS_BETTER, 1, 2), cell("gone",
                        Direction.LOWER_IS_BETTER, 1, 2, 3)),
                doc(cell("time", Direction.LOWER_IS_BETTER, 3, 4), cell("new", Direction.LOWER_IS_BETTER, 1, 2, 3)));
        assertEquals(Verdict.TOO_FEW_SAMPLES, c.cells().get(0).verdict());
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
        String html = CompareReport.html(c, "a/results.json", "b/results.json", java.util.Optional.of(0.1));
        assertTrue(html.contains("<tr class=\"regressed\"><td>&lt;t&gt;</td>"), html);
        assertTrue(html.contains("1 did."), html);
    }
}
