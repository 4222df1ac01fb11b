package org.virtbench.runner.compare;

import org.virtbench.runner.stats.Statistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.annotations.Direction;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.CellResult;

/**
 * Two results side by side, cell by cell: per (workload, backend, n) the medians of A and B,
 * their ratio B / A, how much worse B is in the workload's direction, and whether the difference
 * is beyond noise by a {@link PermutationTest} on the kept samples at level {@link #ALPHA}.
 *
 * @param cells every cell of A, then the cells only B has
 */
public record Comparison(List<CellComparison> cells) {
    /** The level below which a difference counts as beyond noise. */
    public static final double ALPHA = 0.05;

    public Comparison {
        cells = List.copyOf(cells);
    }

    /** What a cell's comparison says. */
    public enum Verdict {
        /** B is better, beyond noise. */
        IMPROVED("improved"),
        /** B is worse, beyond noise. */
        REGRESSED("regressed"),
        /** The difference is within noise. */
        WITHIN_NOISE("within noise"),
        /** The sample sizes cannot reach p &lt;= {@link #ALPHA} (fewer than 3 kept trials a side). */
        TOO_FEW_SAMPLES("too few samples to tell"),
        /** One side has no value. */
        MISSING("missing");

        public final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /**
     * One cell.
     *
     * @param before     A's median; empty when A has no value
     * @param after      B's median; empty when B has no value
     * @param ratio      {@code after / before}
     * @param worse      how much worse B is, as a fraction of A: {@code (B - A) / A} for a time,
     *                   {@code (A - B) / A} for a throughput; negative when B is better
     * @param test       the permutation test on the kept samples, when both sides have some
     * @param note       why a side has no value, or anything else a reader needs
     */
    public record CellComparison(String workload, String backend, int guests, String unit, Direction direction,
                                 Optional<Double> before, Optional<Double> after, Optional<Double> ratio,
                                 Optional<Double> worse, Optional<PermutationTest.Result> test, Verdict verdict,
                                 String note) {
        /** True when B is worse beyond noise by more than {@code fraction} (0.05 for 5%). */
        public boolean regressedBeyond(double fraction) {
            return verdict == Verdict.REGRESSED && worse.orElse(0.0) > fraction;
        }
    }

    /** The cells regressed beyond noise by more than {@code fraction}. */
    public List<CellComparison> regressions(double fraction) {
        return cells.stream().filter(c -> c.regressedBeyond(fraction)).toList();
    }

    /** Compares B against A. */
    public static Comparison of(ResultsDocument a, ResultsDocument b) {
        Map<String, CellResult> inB = new LinkedHashMap<>();
        b.cells().forEach(c -> inB.put(key(c), c));
        List<CellComparison> out = new ArrayList<>();
        for (CellResult ca : a.cells()) {
            out.add(compare(ca, inB.remove(key(ca))));
        }
        inB.values().forEach(cb -> out.add(compare(null, cb)));
        return new Comparison(out);
    }

    private static String key(CellResult c) {
        return c.workload() + '\u0000' + c.backend() + '\u0000' + c.guests();
    }

    static CellComparison compare(CellResult a, CellResult b) {
        CellResult any = a != null ? a : b;
        Direction direction = a != null && a.direction() != null ? a.direction()
                : b != null ? b.direction() : null;
        String unit = a != null && a.unit() != null ? a.unit() : b != null ? b.unit() : null;
        Optional<Double> before = median(a);
        Optional<Double> after = median(b);
        if (before.isEmpty() || after.isEmpty()) {
            String note = a == null ? "only in B" : b == null ? "only in A"
                    : before.isEmpty() ? "A has no value (" + a.status() + ")" : "B has no value (" + b.status() + ")";
            return new CellComparison(any.workload(), any.backend(), any.guests(), unit, direction, before, after,
                    Optional.empty(), Optional.empty(), Optional.empty(), Verdict.MISSING, note);
        }
        double ratio = after.get() / before.get();
        Optional<Double> worse = direction == null || before.get() == 0 ? Optional.empty()
                : Optional.of(direction == Direction.LOWER_IS_BETTER ? ratio - 1 : 1 - ratio);
        PermutationTest.Result test = PermutationTest.test(kept(a), kept(b));
        Verdict verdict;
        String note = "";
        if (!test.significant(ALPHA)) {
            boolean cannot = test.smallestP() > ALPHA;
            verdict = cannot ? Verdict.TOO_FEW_SAMPLES : Verdict.WITHIN_NOISE;
            if (cannot) {
                note = kept(a).length + " vs " + kept(b).length + " kept samples: p cannot go below "
                        + String.format(java.util.Locale.ROOT, "%.3f", test.smallestP());
            }
        } else if (worse.isEmpty()) {
            verdict = Verdict.WITHIN_NOISE;
            note = "differs, but the direction of better is not recorded";
        } else {
            // the test's direction is that of the means; a median may rarely disagree with it
            boolean meansWorse = direction == Direction.LOWER_IS_BETTER ? test.difference() > 0 : test.difference() < 0;
            verdict = meansWorse ? Verdict.REGRESSED : Verdict.IMPROVED;
        }
        return new CellComparison(any.workload(), any.backend(), any.guests(), unit, direction, before, after,
                Optional.of(ratio), worse, Optional.of(test), verdict, note);
    }

    private static Optional<Double> median(CellResult c) {
        return c == null || c.summary() == null ? Optional.empty() : Optional.of(c.summary().median());
    }

    /** The values the cell's summary was computed from: ok, not discarded, with a value. */
    static double[] kept(CellResult c) {
        return c.samples().stream().filter(s -> Statistics.kept("ok".equals(s.status()), s.discarded(), s.value()))
                .mapToDouble(ResultsDocument.SampleResult::value).toArray();
    }
}
