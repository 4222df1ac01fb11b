package org.virtbench.runner.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.virtbench.annotations.Direction;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.journal.SampleStatus;
import org.virtbench.runner.stats.ScaleAggregate;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.stats.StatsMode;

/**
 * The scale figures of a cell, from the samples and trial windows of its counting attempt: per
 * trial the aggregate over the contributing guests ({@link Statistics#aggregate}), the skew and
 * common window; over the kept trials their medians. And for a mixed cell, each workload's guests
 * against that workload's solo cell. Pure functions of the journal.
 */
final class ScaleResults {
    private ScaleResults() {
    }

    /**
     * The cell's scale detail; null when no trial ran.
     *
     * @param direction the workload's, or null for a mixed cell (whose workloads' values do not add up:
     *                  only skew, window and contributing guests are given)
     */
    static ResultsDocument.ScaleResult of(CellKey cell, JournalState journal, Direction direction, StatsMode mode) {
        Map<Integer, List<JournalEntry.Sample>> byTrial = new TreeMap<>();
        journal.ofCell(cell, JournalEntry.Sample.class)
                .forEach(s -> byTrial.computeIfAbsent(s.trial(), t -> new ArrayList<>()).add(s));
        if (byTrial.isEmpty()) {
            return null;
        }
        Map<Integer, JournalEntry.TrialWindow> windows = new TreeMap<>();
        journal.ofCell(cell, JournalEntry.TrialWindow.class).forEach(w -> windows.put(w.trial(), w));
        List<ResultsDocument.ScaleTrial> trials = new ArrayList<>();
        byTrial.forEach((trial, samples) -> trials.add(trial(trial, samples, windows.get(trial), direction)));
        List<ResultsDocument.ScaleTrial> kept = trials.stream()
                .filter(t -> !t.discarded() && t.contributingGuests() > 0).toList();
        double[] aggregates = values(kept, ResultsDocument.ScaleTrial::aggregate);
        return new ResultsDocument.ScaleResult(cell.guests(), kept.size(), median(aggregates),
                median(values(kept, ResultsDocument.ScaleTrial::perGuestMean)),
                median(values(kept, ResultsDocument.ScaleTrial::jainFairness)),
                median(values(kept, ResultsDocument.ScaleTrial::coefficientOfVariation)),
                kept.stream().map(ResultsDocument.ScaleTrial::contributingGuests).min(Integer::compare).orElse(null),
                aggregates.length == 0 ? null : Statistics.summarize(aggregates, mode),
                longMedian(trials, ResultsDocument.ScaleTrial::startSkewNanos),
                trials.stream().map(ResultsDocument.ScaleTrial::startSkewNanos).filter(v -> v != null)
                        .max(Long::compare).orElse(null),
                longMedian(trials, ResultsDocument.ScaleTrial::commonWindowNanos),
                trials.stream().map(ResultsDocument.ScaleTrial::commonWindowNanos).filter(v -> v != null)
                        .min(Long::compare).orElse(null),
                (int) trials.stream().filter(t -> Boolean.TRUE.equals(t.skewFlagged())).count(), trials,
                trials.stream().map(ResultsDocument.ScaleTrial::releaseSkewNanos).filter(v -> v != null)
                        .max(Long::compare).orElse(null));
    }

    /** The figures of the kept trials' medians, as the cell's {@code scale}; null without a kept trial. */
    static ScaleAggregate medians(ResultsDocument.ScaleResult detail) {
        if (detail == null || detail.aggregate() == null) {
            return null;
        }
        return new ScaleAggregate(detail.contributingGuests(), detail.aggregate(), detail.perGuestMean(),
                detail.jainFairness(), detail.coefficientOfVariation());
    }

    private static ResultsDocument.ScaleTrial trial(int trial, List<JournalEntry.Sample> samples,
                                                    JournalEntry.TrialWindow window, Direction direction) {
        double[] values = samples.stream().filter(ScaleResults::holdsValue)
                .mapToDouble(s -> s.outcome().value()).toArray();
        List<Integer> failed = samples.stream().filter(s -> s.outcome().status() == SampleStatus.FAILED)
                .map(JournalEntry.Sample::guest).sorted().toList();
        boolean discarded = samples.stream().allMatch(JournalEntry.Sample::discarded);
        ScaleAggregate a = values.length == 0 || direction == null ? null : Statistics.aggregate(values, direction);
        return new ResultsDocument.ScaleTrial(trial, discarded, values.length, failed,
                a == null ? null : a.aggregate(), a == null ? null : a.perGuestMean(),
                a == null ? null : a.jainFairness(), a == null ? null : a.coefficientOfVariation(),
                window == null ? null : window.startSkewNanos(), window == null ? null : window.commonWindowNanos(),
                window == null ? null : window.shortestNanos(),
                window == null ? null : window.skewFraction().orElse(null),
                window == null ? null : window.skewFlagged(), window == null ? null : window.gatedGuests(),
                window == null ? null : window.releaseSkewNanos(), window == null ? null : window.deliverySkewNanos(),
                window == null ? null : window.lateGuests());
    }

    /**
     * Each workload of a mixed cell against its solo cell at the same n on the same backend: the
     * median over the kept trials of its guests' mean, divided by the same figure of the solo cell
     * (inverted for a time), and each guest's median likewise.
     */
    static List<ResultsDocument.MixResult> mix(CellKey cell, JournalState journal, List<JournalEntry.MixPart> parts) {
        List<ResultsDocument.MixResult> results = new ArrayList<>();
        for (JournalEntry.MixPart part : parts) {
            CellKey solo = new CellKey(part.workload(), cell.backend(), cell.guests());
            Double mixed = perGuestMedian(journal, cell, part::has);
            Double alone = journal.finish(solo).filter(f -> f.status() == CellStatus.COMPLETED).isPresent()
                    ? perGuestMedian(journal, solo, g -> true) : null;
            List<ResultsDocument.MixGuest> guests = new ArrayList<>();
            for (int g = part.firstGuest(); g < part.firstGuest() + part.guests(); g++) {
                int guest = g;
                Double median = median(journal.ofCell(cell, JournalEntry.Sample.class).stream()
                        .filter(s -> s.guest() == guest && Statistics.kept(s.outcome().status() == SampleStatus.OK, s.discarded(), s.outcome().value()))
                        .mapToDouble(s -> s.outcome().value()).toArray());
                guests.add(new ResultsDocument.MixGuest(g, median, ratio(median, alone, part.direction())));
            }
            results.add(new ResultsDocument.MixResult(part.workload(), part.firstGuest(), part.guests(),
                    part.unit().symbol(), part.direction(), mixed, solo.toString(), alone,
                    ratio(mixed, alone, part.direction()), guests,
                    "per-guest median of the mix over the per-guest median of " + solo + " (the workload alone in "
                            + cell.guests() + " guests, run in this campaign): for each kept trial the mean of the "
                            + "workload's guests with a value, then the median over the kept trials; "
                            + (part.direction() == Direction.HIGHER_IS_BETTER ? "mixed / solo" : "solo / mixed")
                            + ", so below 1 means the other workloads slowed it"));
        }
        return results;
    }

    /** Median over the kept trials of the mean value of the selected guests in each trial. */
    private static Double perGuestMedian(JournalState journal, CellKey cell, Predicate<Integer> guests) {
        Map<Integer, List<Double>> byTrial = new TreeMap<>();
        journal.ofCell(cell, JournalEntry.Sample.class).stream()
                .filter(s -> Statistics.kept(s.outcome().status() == SampleStatus.OK, s.discarded(), s.outcome().value()) && guests.test(s.guest()))
                .forEach(s -> byTrial.computeIfAbsent(s.trial(), t -> new ArrayList<>()).add(s.outcome().value()));
        return median(byTrial.values().stream()
                .mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).toArray());
    }

    private static Double ratio(Double value, Double solo, Direction direction) {
        if (value == null || solo == null || value <= 0 || solo <= 0) {
            return null;
        }
        return direction == Direction.HIGHER_IS_BETTER ? value / solo : solo / value;
    }

    private static boolean holdsValue(JournalEntry.Sample s) {
        return s.outcome().status() == SampleStatus.OK && s.outcome().value() != null;
    }

    private static double[] values(List<ResultsDocument.ScaleTrial> trials,
                                   java.util.function.Function<ResultsDocument.ScaleTrial, Double> figure) {
        return trials.stream().map(figure).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
    }

    private static Double median(double[] values) {
        return values.length == 0 ? null : Statistics.median(values);
    }

    private static Long longMedian(List<ResultsDocument.ScaleTrial> trials,
                                   java.util.function.Function<ResultsDocument.ScaleTrial, Long> figure) {
        double[] values = trials.stream().map(figure).filter(v -> v != null).mapToDouble(Long::doubleValue).toArray();
        return values.length == 0 ? null : Math.round(median(values));
    }
}
