package org.virtbench.runner.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.virtbench.annotations.Direction;

/**
 * The runner's statistics, as pure functions over arrays of kept trial values.
 *
 * <p>Conventions used throughout:
 * <ul>
 *   <li>Median: commons-math {@link Percentile} at 50 with its default ({@code LEGACY}) estimation,
 *       which gives the middle value for an odd count and the mean of the two middle values for an
 *       even count.</li>
 *   <li>Quartiles (Tukey fences) and bootstrap percentiles: {@link EstimationType#R_7}, the linear
 *       interpolation between order statistics at position {@code 1 + p(n - 1)} (R's and numpy's
 *       default, Excel's {@code QUARTILE.INC}).</li>
 *   <li>Standard deviation of a cell: sample (divisor n - 1). Coefficient of variation of n guests:
 *       population (divisor n).</li>
 *   <li>Bad input (empty array, NaN or infinite values, a value out of range for the operation)
 *       raises {@link IllegalArgumentException} naming the argument; a null reference raises
 *       {@link NullPointerException}. Input arrays are never modified.</li>
 * </ul>
 */
public final class Statistics {

    /** Number of bootstrap resamples of each side in {@link #relative}. */
    public static final int BOOTSTRAP_RESAMPLES = 10_000;
    /** Seed of the bootstrap's {@link Well19937c} generator, fixed so that results repeat. */
    public static final int BOOTSTRAP_SEED = 42;
    /** Modified z-score beyond which a value is flagged as a MAD outlier (Iglewicz and Hoaglin). */
    public static final double MAD_Z_THRESHOLD = 3.5;
    /** Multiplier of the interquartile range for the Tukey fences. */
    public static final double TUKEY_K = 1.5;

    /** 0.6745, the 0.75 quantile of the standard normal, which makes the MAD consistent with sigma. */
    private static final double MAD_Z_FACTOR = 0.6745;

    private Statistics() {
    }

    /**
     * Summarizes the kept trials of one cell. Outliers are flagged in both modes and never dropped.
     *
     * @param kept the kept trial values (warm-up already discarded); not empty, all finite
     * @param mode PAPER leaves {@link Summary#confidence95()} null; RIGOROUS fills it when count &ge; 2
     * @return the summary; see {@link Summary} for the meaning of each component
     * @throws IllegalArgumentException if {@code kept} is empty or holds a NaN or infinite value
     */
    public static Summary summarize(double[] kept, StatsMode mode) {
        Objects.requireNonNull(mode, "mode");
        requireFinite(kept, "kept");
        DescriptiveStatistics ds = new DescriptiveStatistics(kept);
        int n = kept.length;
        double mean = ds.getMean();
        double stdDev = n < 2 ? 0.0 : ds.getStandardDeviation();
        double median = median(kept);
        Interval ci = null;
        if (mode == StatsMode.RIGOROUS && n >= 2) {
            double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
            double half = t * stdDev / Math.sqrt(n);
            ci = new Interval(mean - half, mean + half);
        }
        return new Summary(n, median, ds.getMin(), ds.getMax(), mean, stdDev,
                relativeStdDev(n, mean, stdDev), ci, madOutliers(kept, median), tukeyOutliers(kept));
    }

    /**
     * Relative performance of a guest against bare metal: 1.0 is native, higher is better.
     *
     * <p>PAPER: ratio of medians. RIGOROUS: ratio of means, with a percentile-bootstrap 95% interval:
     * 10,000 times, each side is resampled independently with replacement (same size as the side),
     * the ratio of the resampled means is taken, and the interval is the 2.5th and 97.5th percentiles
     * of those ratios. One {@link Well19937c} seeded with 42 is created per call, each resample
     * drawing the guest indexes and then the baseline indexes, so the same input always gives the same
     * interval.
     *
     * <p>HIGHER_IS_BETTER (throughput): {@code virtual / native}; LOWER_IS_BETTER (time):
     * {@code native / virtual}.
     *
     * @param guestKept    kept trials in the guest; not empty, finite; non-negative for
     *                     HIGHER_IS_BETTER, positive for LOWER_IS_BETTER (it is the divisor)
     * @param baselineKept kept trials on bare metal; not empty, finite, every value positive
     * @param direction    which way the metric gets better
     * @param mode         PAPER or RIGOROUS
     * @return the ratio, with the bootstrap interval in RIGOROUS mode
     * @throws IllegalArgumentException on an empty array, a non-finite value, a non-positive baseline
     *                                  value or a value out of range for the direction
     */
    public static Relative relative(double[] guestKept, double[] baselineKept, Direction direction,
                                    StatsMode mode) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(mode, "mode");
        requireFinite(guestKept, "guestKept");
        requireFinite(baselineKept, "baselineKept");
        requireAtLeast(baselineKept, "baselineKept", true);
        requireAtLeast(guestKept, "guestKept", direction == Direction.LOWER_IS_BETTER);
        if (mode == StatsMode.PAPER) {
            return new Relative(ratio(median(guestKept), median(baselineKept), direction), null);
        }
        double point = ratio(mean(guestKept), mean(baselineKept), direction);
        RandomGenerator rng = new Well19937c(BOOTSTRAP_SEED);
        double[] ratios = new double[BOOTSTRAP_RESAMPLES];
        for (int b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
            double guestMean = resampledMean(guestKept, rng);
            double baselineMean = resampledMean(baselineKept, rng);
            ratios[b] = ratio(guestMean, baselineMean, direction);
        }
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
        p.setData(ratios);
        return new Relative(point, new Interval(p.evaluate(2.5), p.evaluate(97.5)));
    }

    /**
     * Percentile-bootstrap 95% interval of {@code mean(b) / mean(a)}, with the same resamples and seed
     * as {@link #relative} in rigorous mode.
     *
     * @throws IllegalArgumentException on an empty sample or a non-positive value of {@code a}
     */
    public static Interval ratioOfMeans95(double[] a, double[] b) {
        requireFinite(a, "a");
        requireFinite(b, "b");
        requireAtLeast(a, "a", true);
        RandomGenerator rng = new Well19937c(BOOTSTRAP_SEED);
        double[] ratios = new double[BOOTSTRAP_RESAMPLES];
        for (int i = 0; i < BOOTSTRAP_RESAMPLES; i++) {
            double meanA = resampledMean(a, rng);
            ratios[i] = resampledMean(b, rng) / meanA;
        }
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
        p.setData(ratios);
        return new Interval(p.evaluate(2.5), p.evaluate(97.5));
    }

    /**
     * The mean value of each trial over the guests that measured it, by trial number.
     *
     * @param samples kept samples with a value
     */
    public static <T> java.util.SortedMap<Integer, Double> trialMeans(java.util.Collection<T> samples,
                                                                     java.util.function.ToIntFunction<T> trial,
                                                                     java.util.function.ToDoubleFunction<T> value) {
        java.util.SortedMap<Integer, Double> means = new java.util.TreeMap<>();
        samples.stream().collect(java.util.stream.Collectors.groupingBy(trial::applyAsInt,
                java.util.stream.Collectors.averagingDouble(value))).forEach(means::put);
        return means;
    }

    /**
     * The ratio of each trial of a cell to the baseline's trial of the same number, for the trials
     * both kept: under an interleaved order, the trials of one round, taken side by side.
     *
     * @param guestTrials    each kept trial's value (the mean over the cell's guests), by trial number
     * @param baselineTrials the same for the baseline cell; values positive
     * @return the ratios in trial order, oriented as {@link #relative} (higher is better)
     */
    public static List<Double> roundRatios(java.util.SortedMap<Integer, Double> guestTrials,
                                           java.util.SortedMap<Integer, Double> baselineTrials, Direction direction) {
        List<Double> ratios = new java.util.ArrayList<>();
        guestTrials.forEach((trial, value) -> {
            Double base = baselineTrials.get(trial);
            if (base != null && base > 0 && value > 0 && Double.isFinite(value)) {
                ratios.add(ratio(value, base, direction));
            }
        });
        return ratios;
    }

    /**
     * Dynamic repetition: whether a cell needs another trial. True while the relative standard
     * deviation (sample standard deviation over |mean|, as in {@link Summary#relativeStdDev()}) of the
     * kept trials is above {@code maxRelativeStdDev} and there are at least two kept trials. The caller
     * applies the cap on the number of trials.
     *
     * @param kept              kept trial values so far; not empty, all finite
     * @param maxRelativeStdDev target relative standard deviation, e.g. 0.03 for 3%; finite, &ge; 0
     * @return true if another trial should be run
     * @throws IllegalArgumentException on an empty array, a non-finite value or a bad target
     */
    public static boolean needsMoreTrials(double[] kept, double maxRelativeStdDev) {
        requireFinite(kept, "kept");
        if (!Double.isFinite(maxRelativeStdDev) || maxRelativeStdDev < 0) {
            throw new IllegalArgumentException(
                    "maxRelativeStdDev must be finite and >= 0, got " + maxRelativeStdDev);
        }
        if (kept.length < 2) {
            return false;
        }
        DescriptiveStatistics ds = new DescriptiveStatistics(kept);
        return relativeStdDev(kept.length, ds.getMean(), ds.getStandardDeviation()) > maxRelativeStdDev;
    }

    /**
     * The paper's aggregate for n guests running concurrently in one trial.
     *
     * <p>HIGHER_IS_BETTER (throughput, Figure 10): mean per-guest value times n. LOWER_IS_BETTER (time,
     * Figure 12): total of the n times. Alongside: the plain per-guest mean; Jain's fairness index
     * {@code (sum x)^2 / (n * sum x^2)}, 1.0 for n == 1 and for all-zero values (all equal); and the
     * coefficient of variation as the <em>population</em> standard deviation (divisor n) over the mean,
     * 0 for n == 1 and when the mean is 0. With these definitions {@code jain = 1 / (1 + cv^2)}.
     *
     * @param perGuest  one value per guest; not empty, finite, non-negative
     * @param direction which way the metric gets better
     * @return the aggregate with its fairness figures
     * @throws IllegalArgumentException on an empty array or a non-finite or negative value
     */
    public static ScaleAggregate aggregate(double[] perGuest, Direction direction) {
        Objects.requireNonNull(direction, "direction");
        requireFinite(perGuest, "perGuest");
        requireAtLeast(perGuest, "perGuest", false);
        int n = perGuest.length;
        double sum = 0;
        double sumSq = 0;
        for (double x : perGuest) {
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / n;
        double aggregate = direction == Direction.HIGHER_IS_BETTER ? mean * n : sum;
        double jain = (n == 1 || sumSq == 0) ? 1.0 : Math.min(1.0, (sum * sum) / (n * sumSq));
        double cv = (n == 1 || mean == 0) ? 0.0 : new StandardDeviation(false).evaluate(perGuest) / mean;
        return new ScaleAggregate(n, aggregate, mean, jain, cv);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * The median, the one rule every figure of virtbench uses: the middle value, or the mean of the
     * two middle values for an even count (Percentile's default LEGACY estimation); NaN for none.
     */
    public static double median(double[] values) {
        return new Percentile().evaluate(values, 50.0);
    }

    /** {@link #median(double[])} of numbers in any order. */
    public static double median(java.util.Collection<? extends Number> values) {
        return median(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /**
     * The kept-sample rule: a sample enters a summary when it succeeded, is not a warm-up trial and
     * has a value. The journal's samples and the results' samples both go through it.
     */
    public static boolean kept(boolean ok, boolean discarded, Double value) {
        return ok && !discarded && value != null;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double relativeStdDev(int n, double mean, double stdDev) {
        if (n < 2 || stdDev == 0) {
            return 0.0;
        }
        return mean == 0 ? Double.POSITIVE_INFINITY : stdDev / Math.abs(mean);
    }

    private static List<Integer> madOutliers(double[] kept, double median) {
        double[] deviations = new double[kept.length];
        for (int i = 0; i < kept.length; i++) {
            deviations[i] = Math.abs(kept[i] - median);
        }
        double mad = median(deviations);
        List<Integer> out = new ArrayList<>();
        if (mad == 0) {
            return out;
        }
        for (int i = 0; i < kept.length; i++) {
            if (Math.abs(MAD_Z_FACTOR * (kept[i] - median) / mad) > MAD_Z_THRESHOLD) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<Integer> tukeyOutliers(double[] kept) {
        Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
        p.setData(kept);
        double q1 = p.evaluate(25.0);
        double q3 = p.evaluate(75.0);
        double iqr = q3 - q1;
        double low = q1 - TUKEY_K * iqr;
        double high = q3 + TUKEY_K * iqr;
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] < low || kept[i] > high) {
                out.add(i);
            }
        }
        return out;
    }

    private static double ratio(double guest, double baseline, Direction direction) {
        return direction == Direction.HIGHER_IS_BETTER ? guest / baseline : baseline / guest;
    }

    private static double resampledMean(double[] values, RandomGenerator rng) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[rng.nextInt(values.length)];
        }
        return sum / values.length;
    }

    private static void requireFinite(double[] values, String name) {
        Objects.requireNonNull(values, name);
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " is empty: at least one value is needed");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i] + ": values must be finite");
            }
        }
    }

    private static void requireAtLeast(double[] values, String name, boolean strictlyPositive) {
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (strictlyPositive ? v <= 0 : v < 0) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + v + ": values must be "
                        + (strictlyPositive ? "positive (it is a divisor of the ratio)" : "non-negative"));
            }
        }
    }
}
