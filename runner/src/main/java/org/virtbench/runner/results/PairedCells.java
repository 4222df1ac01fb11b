package org.virtbench.runner.results;

import java.util.List;
import java.util.Optional;
import org.virtbench.runner.stats.Relative;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.stats.StatsMode;

/** Two backends' cells of one workload at one n compared with each other, whatever the campaign's baseline. */
public final class PairedCells {
    private PairedCells() {
    }

    /**
     * The second copy's cell relative to the first's at the same n (paper mode: ratio of medians), with
     * the round ratios: whatever the campaign's baseline, the A/A pair compares with each other.
     */
    public static Optional<Relative> relative(ResultsDocument results, ResultsDocument.CellResult second, String first) {
        Optional<ResultsDocument.CellResult> base = results.cells().stream()
                .filter(c -> c.cell().backend().equals(first) && c.cell().workload().equals(second.cell().workload())
                        && c.cell().guests() == second.cell().guests()).findFirst();
        if (base.isEmpty() || second.cell().direction() == null) {
            return Optional.empty();
        }
        List<ResultsDocument.SampleResult> a = kept(base.get());
        List<ResultsDocument.SampleResult> b = kept(second);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        Relative ratio = Statistics.relative(values(b), values(a), second.cell().direction(), StatsMode.PAPER);
        return Optional.of(ratio.withRounds(Statistics.roundRatios(
                Statistics.trialMeans(b, ResultsDocument.SampleResult::trial, ResultsDocument.SampleResult::value),
                Statistics.trialMeans(a, ResultsDocument.SampleResult::trial, ResultsDocument.SampleResult::value),
                second.cell().direction())));
    }

    private static List<ResultsDocument.SampleResult> kept(ResultsDocument.CellResult cell) {
        return cell.samples().stream().filter(s -> s.ok() && !s.discarded() && s.value() != null)
                .toList();
    }

    private static double[] values(List<ResultsDocument.SampleResult> samples) {
        return samples.stream().mapToDouble(ResultsDocument.SampleResult::value).toArray();
    }
}
