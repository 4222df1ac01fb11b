package org.virtbench.runner.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A two-sample permutation test of the difference of means, one-sided in the direction the data
 * moved: under the null hypothesis that both samples come from one distribution every split of
 * the pooled values into groups of the original sizes is equally likely, and the p-value is the
 * share of splits whose {@code mean(b) - mean(a)} is at least as far as the observed one in the
 * observed direction (the observed split counts, so p is never 0).
 *
 * <p>Exact (every one of the {@code C(n_a + n_b, n_a)} splits) up to {@value #EXACT_LIMIT}
 * splits; beyond, {@value #RANDOM_SPLITS} random splits from a fixed seed, p estimated as
 * {@code (hits + 1) / (splits + 1)}. With 3 kept trials a side there are 20 splits, so the
 * smallest p is 1/20 = 0.05: only samples that do not overlap at all reach it.
 */
public final class PermutationTest {
    /** The most splits enumerated exactly. */
    public static final long EXACT_LIMIT = 2_000_000;
    /** Random splits drawn beyond {@link #EXACT_LIMIT}. */
    public static final int RANDOM_SPLITS = 200_000;
    private static final long SEED = 0x5eedL;

    private PermutationTest() {
    }

    /**
     * The outcome.
     *
     * @param pValue      the one-sided p-value in the observed direction, in {@code (0, 1]}
     * @param difference  the observed {@code mean(b) - mean(a)}
     * @param splits      how many splits were counted (all of them when exact)
     * @param exact       true when every split was enumerated
     * @param smallestP   the smallest p-value these sample sizes allow: {@code 1 / C(n_a + n_b, n_a)}
     *                    when exact
     */
    public record Result(double pValue, double difference, long splits, boolean exact, double smallestP) {
        /** True when the difference is beyond noise at level {@code alpha}. */
        public boolean significant(double alpha) {
            return pValue <= alpha;
        }
    }

    /**
     * Tests {@code b} against {@code a}.
     *
     * @throws IllegalArgumentException when either sample is empty
     */
    public static Result test(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("both samples need a value: " + a.length + " and " + b.length);
        }
        double[] pooled = new double[a.length + b.length];
        System.arraycopy(a, 0, pooled, 0, a.length);
        System.arraycopy(b, 0, pooled, a.length, b.length);
        double total = Arrays.stream(pooled).sum();
        double sumA = Arrays.stream(a).sum();
        double observed = difference(total, sumA, a.length, b.length);
        // mean(b) - mean(a) falls as the a-group's sum grows: count the splits whose a-sum is at
        // most (b moved up) or at least (b moved down) the observed one; a tolerance keeps ties
        // that differ only by rounding counted as ties
        double tolerance = 1e-9 * Arrays.stream(pooled).map(Math::abs).sum();
        boolean up = observed >= 0;
        long splits = binomial(pooled.length, a.length);
        if (splits <= EXACT_LIMIT) {
            long hits = countExact(pooled, a.length, sumA, tolerance, up);
            return new Result((double) hits / splits, observed, splits, true, 1.0 / splits);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] shuffled = pooled.clone();
        long hits = 0;
        for (int i = 0; i < RANDOM_SPLITS; i++) {
            double s = 0;
            for (int j = 0; j < a.length; j++) {
                int k = j + random.nextInt(shuffled.length - j);
                double t = shuffled[j];
                shuffled[j] = shuffled[k];
                shuffled[k] = t;
                s += shuffled[j];
            }
            if (atLeastAsFar(s, sumA, tolerance, up)) {
                hits++;
            }
        }
        return new Result((hits + 1.0) / (RANDOM_SPLITS + 1.0), observed, RANDOM_SPLITS, false,
                1.0 / (RANDOM_SPLITS + 1.0));
    }

    private static double difference(double total, double sumA, int na, int nb) {
        return (total - sumA) / nb - sumA / na;
    }

    private static boolean atLeastAsFar(double splitSumA, double observedSumA, double tolerance, boolean up) {
        return up ? splitSumA <= observedSumA + tolerance : splitSumA >= observedSumA - tolerance;
    }

    /** Counts the k-subsets of the pooled values whose sum is at least as far as the observed. */
    private static long countExact(double[] pooled, int k, double sumA, double tolerance, boolean up) {
        return count(pooled, 0, k, 0.0, sumA, tolerance, up);
    }

    private static long count(double[] v, int from, int left, double sum, double sumA, double tolerance, boolean up) {
        if (left == 0) {
            return atLeastAsFar(sum, sumA, tolerance, up) ? 1 : 0;
        }
        long hits = 0;
        for (int i = from; i <= v.length - left; i++) {
            hits += count(v, i + 1, left - 1, sum + v[i], sumA, tolerance, up);
        }
        return hits;
    }

    /** {@code C(n, k)}, saturating at {@link Long#MAX_VALUE}. */
    static long binomial(int n, int k) {
        long c = 1;
        for (int i = 1; i <= Math.min(k, n - k); i++) {
            if (c > Long.MAX_VALUE / (n - i + 1)) {
                return Long.MAX_VALUE;
            }
            c = c * (n - i + 1) / i;
        }
        return c;
    }
}
