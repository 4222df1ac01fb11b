package org.virtbench.runner.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.virtbench.annotations.Direction;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.Adjustment;
import org.virtbench.runner.stats.DetectableChange;
import org.virtbench.runner.stats.Interval;
import org.virtbench.runner.stats.PermutationTest;
import org.virtbench.runner.stats.Statistics;

/**
 * Two results side by side, cell by cell: per (workload, backend, n) the medians of A and B, their
 * ratio B / A with a 95% bootstrap interval (of the ratio of means), how much worse B is in the
 * workload's direction, a {@link PermutationTest} on the kept samples whose p-values are adjusted
 * across all the cells compared ({@link Adjustment}), and the minimum detectable change of each
 * cell ({@link DetectableChange}). A difference is beyond noise when its adjusted p is at most
 * {@link #ALPHA}; otherwise the cell is the same within the interval's reach when that reach is
 * within the tolerance, else nothing can be told at these trial counts.
 *
 * @param cells      every cell of A, then the cells only B has
 * @param adjustment how the p-values were adjusted for the number of cells
 * @param tolerance  the largest difference (a fraction) still called "same"
 */
public record Comparison(List<CellComparison> cells, Adjustment adjustment, double tolerance) {
    /** The level below which an adjusted p-value counts as beyond noise. */
    public static final double ALPHA = 0.05;
    /** The default tolerance of "same": 5%. */
    public static final double DEFAULT_TOLERANCE = 0.05;

    public Comparison {
        cells = List.copyOf(cells);
    }

    /** What a cell's comparison says. */
    public enum Verdict {
        /** B is worse, beyond noise after adjustment. */
        WORSE,
        /** B is better, beyond noise after adjustment. */
        BETTER,
        /** Not beyond noise, and the 95% interval of B / A lies within the tolerance of 1.0. */
        SAME,
        /** Not beyond noise, but the trials cannot rule out a difference larger than the tolerance. */
        CANNOT_TELL,
        /** One side has no value. */
        MISSING
    }

    /**
     * One cell.
     *
     * @param before    A's median; empty when A has no value
     * @param after     B's median; empty when B has no value
     * @param ratio     {@code after / before}
     * @param ratio95   95% bootstrap interval of {@code mean(B) / mean(A)}
     * @param worse     how much worse B is, as a fraction of A: {@code (B - A) / A} for a time,
     *                  {@code (A - B) / A} for a throughput; negative when B is better
     * @param test      the permutation test on the kept samples, when both sides have some
     * @param adjustedP the test's p-value adjusted across the compared cells
     * @param mdc       the minimum detectable change (a fraction of A) at these CVs and trial counts
     * @param note      why a side has no value, or anything else a reader needs
     */
    public record CellComparison(String workload, String backend, int guests, String unit, Direction direction,
                                 Optional<Double> before, Optional<Double> after, Optional<Double> ratio,
                                 Optional<Interval> ratio95, Optional<Double> worse,
                                 Optional<PermutationTest.Result> test, Optional<Double> adjustedP,
                                 Optional<Double> mdc, Verdict verdict, String note) {
        /** True when B is worse beyond noise by more than {@code fraction} (0.05 for 5%). */
        public boolean regressedBeyond(double fraction) {
            return verdict == Verdict.WORSE && worse.orElse(0.0) > fraction;
        }

        /** The verdict as the tables print it: {@code same within 2.1%}, {@code cannot tell (MDC 14.0%)}. */
        public String verdictText() {
            return switch (verdict) {
                case WORSE -> "worse";
                case BETTER -> "better";
                case SAME -> String.format(Locale.ROOT, "same within %.1f%%", reach(ratio95.orElseThrow()) * 100);
                case CANNOT_TELL -> mdc.filter(Double::isFinite)
                        .map(m -> String.format(Locale.ROOT, "cannot tell (MDC %.1f%%)", m * 100))
                        .orElse("cannot tell (MDC: fewer than 2 trials a side)");
                case MISSING -> "missing";
            };
        }
    }

    /** The cells regressed beyond noise by more than {@code fraction}. */
    public List<CellComparison> regressions(double fraction) {
        return cells.stream().filter(c -> c.regressedBeyond(fraction)).toList();
    }

    /** Compares B against A with Holm's adjustment and a 5% tolerance. */
    public static Comparison of(ResultsDocument a, ResultsDocument b) {
        return of(a, b, Adjustment.HOLM, DEFAULT_TOLERANCE);
    }

    /** Compares B against A. */
    public static Comparison of(ResultsDocument a, ResultsDocument b, Adjustment adjustment, double tolerance) {
        Map<String, CellResult> inB = new LinkedHashMap<>();
        b.cells().forEach(c -> inB.put(key(c), c));
        List<CellComparison> raw = new ArrayList<>();
        for (CellResult ca : a.cells()) {
            raw.add(measure(ca, inB.remove(key(ca))));
        }
        inB.values().forEach(cb -> raw.add(measure(null, cb)));
        double[] p = raw.stream().filter(c -> c.test().isPresent()).mapToDouble(c -> c.test().get().pValue())
                .toArray();
        double[] adjusted = adjustment.adjust(p);
        List<CellComparison> out = new ArrayList<>();
        int k = 0;
        for (CellComparison c : raw) {
            out.add(c.test().isEmpty() ? c : judge(c, adjusted[k++], tolerance));
        }
        return new Comparison(out, adjustment, tolerance);
    }

    private static String key(CellResult c) {
        return c.cell().workload() + '\u0000' + c.cell().backend() + '\u0000' + c.cell().guests();
    }

    /** The figures of one cell, before the adjustment across cells; MISSING when a side has no value. */
    static CellComparison measure(CellResult a, CellResult b) {
        CellResult any = a != null ? a : b;
        Direction direction = a != null && a.cell().direction() != null ? a.cell().direction()
                : b != null ? b.cell().direction() : null;
        String unit = a != null && a.cell().unit() != null ? a.cell().unit() : b != null ? b.cell().unit() : null;
        Optional<Double> before = median(a);
        Optional<Double> after = median(b);
        if (before.isEmpty() || after.isEmpty()) {
            String note = a == null ? "only in B" : b == null ? "only in A"
                    : before.isEmpty() ? "A has no value (" + a.outcome().status().label() + ")" : "B has no value (" + b.outcome().status().label() + ")";
            return new CellComparison(any.cell().workload(), any.cell().backend(), any.cell().guests(), unit, direction, before, after,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Verdict.MISSING, note);
        }
        double ratio = after.get() / before.get();
        Optional<Double> worse = direction == null || before.get() == 0 ? Optional.empty()
                : Optional.of(direction == Direction.LOWER_IS_BETTER ? ratio - 1 : 1 - ratio);
        double[] keptA = kept(a);
        double[] keptB = kept(b);
        Optional<Interval> ratio95 = keptA.length > 0 && keptB.length > 0
                && java.util.Arrays.stream(keptA).allMatch(v -> v > 0)
                ? Optional.of(Statistics.ratioOfMeans95(keptA, keptB)) : Optional.empty();
        PermutationTest.Result test = PermutationTest.test(keptA, keptB);
        String note = test.smallestP() > ALPHA ? String.format(Locale.ROOT,
                "%d vs %d kept samples: p cannot go below %.3f", keptA.length, keptB.length, test.smallestP()) : "";
        return new CellComparison(any.cell().workload(), any.cell().backend(), any.cell().guests(), unit, direction, before, after,
                Optional.of(ratio), ratio95, worse, Optional.of(test), Optional.empty(),
                Optional.of(DetectableChange.of(keptA, keptB)), Verdict.CANNOT_TELL, note);
    }

    /** The verdict of a measured cell, given its adjusted p-value. */
    private static CellComparison judge(CellComparison c, double adjustedP, double tolerance) {
        PermutationTest.Result test = c.test().orElseThrow();
        Verdict verdict;
        String note = "";
        if (adjustedP <= ALPHA && c.worse().isPresent()) {
            // the test's direction is that of the means; a median may rarely disagree with it
            boolean meansWorse = c.direction() == Direction.LOWER_IS_BETTER ? test.difference() > 0
                    : test.difference() < 0;
            verdict = meansWorse ? Verdict.WORSE : Verdict.BETTER;
        } else {
            boolean narrow = c.ratio95().map(i -> reach(i) <= tolerance).orElse(false);
            verdict = narrow && test.smallestP() <= ALPHA ? Verdict.SAME : Verdict.CANNOT_TELL;
            if (adjustedP <= ALPHA) {
                note = "differs, but the direction of better is not recorded";
            } else {
                note = c.note();
            }
        }
        return new CellComparison(c.workload(), c.backend(), c.guests(), c.unit(), c.direction(), c.before(),
                c.after(), c.ratio(), c.ratio95(), c.worse(), c.test(), Optional.of(adjustedP), c.mdc(), verdict, note);
    }

    /** How far an interval of a ratio reaches from 1.0, as a fraction. */
    static double reach(Interval i) {
        return Math.max(Math.abs(i.low() - 1), Math.abs(i.high() - 1));
    }

    private static Optional<Double> median(CellResult c) {
        return c == null || c.figures().summary() == null ? Optional.empty() : Optional.of(c.figures().summary().median());
    }

    /** The values the cell's summary was computed from: ok, not discarded, with a value. */
    static double[] kept(CellResult c) {
        return c.samples().stream().filter(s -> Statistics.kept(s.ok(), s.discarded(), s.value()))
                .mapToDouble(ResultsDocument.SampleResult::value).toArray();
    }
}
