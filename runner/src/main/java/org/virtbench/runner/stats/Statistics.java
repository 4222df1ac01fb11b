package org.virtbench.runner.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.TDistribution;
import org.virtbench.annotations.Direction;

/**
 * STUB of the stats branch's API, with just enough behaviour for the runner's own tests; dropped
 * at merge in favour of the real implementation.
 */
public final class Statistics {
    private Statistics() {
    }

    public static Summary summarize(double[] kept, StatsMode mode) {
        if (kept.length == 0) {
            throw new IllegalArgumentException("nothing to summarize");
        }
        double[] sorted = kept.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        double mean = Arrays.stream(kept).average().orElseThrow();
        double sd = 0;
        if (kept.length > 1) {
            double ss = 0;
            for (double x : kept) {
                ss += (x - mean) * (x - mean);
            }
            sd = Math.sqrt(ss / (kept.length - 1));
        }
        Interval ci = null;
        if (mode == StatsMode.RIGOROUS && kept.length > 1) {
            double t = new TDistribution(kept.length - 1).inverseCumulativeProbability(0.975);
            double half = t * sd / Math.sqrt(kept.length);
            ci = new Interval(mean - half, mean + half);
        }
        List<Integer> mad = new ArrayList<>();
        List<Integer> tukey = new ArrayList<>();
        double[] deviations = Arrays.stream(kept).map(x -> Math.abs(x - median)).sorted().toArray();
        double madValue = median(deviations);
        double q1 = quantile(sorted, 0.25);
        double q3 = quantile(sorted, 0.75);
        double iqr = q3 - q1;
        for (int i = 0; i < kept.length; i++) {
            if (madValue > 0 && Math.abs(0.6745 * (kept[i] - median) / madValue) > 3.5) {
                mad.add(i);
            }
            if (kept[i] < q1 - 1.5 * iqr || kept[i] > q3 + 1.5 * iqr) {
                tukey.add(i);
            }
        }
        return new Summary(kept.length, median, sorted[0], sorted[sorted.length - 1], mean, sd,
                mean == 0 ? 0 : sd / Math.abs(mean), ci, mad, tukey);
    }

    public static Relative relative(double[] guestKept, double[] baselineKept, Direction direction, StatsMode mode) {
        double value = ratio(guestKept, baselineKept, direction);
        Interval interval = null;
        if (mode == StatsMode.RIGOROUS) {
            Random random = new Random(42);
            double[] ratios = new double[10_000];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = ratio(resample(guestKept, random), resample(baselineKept, random), direction);
            }
            Arrays.sort(ratios);
            interval = new Interval(quantile(ratios, 0.025), quantile(ratios, 0.975));
        }
        return new Relative(value, interval);
    }

    public static boolean needsMoreTrials(double[] kept, double maxRelativeStdDev) {
        return kept.length >= 2 && summarize(kept, StatsMode.PAPER).relativeStdDev() > maxRelativeStdDev;
    }

    public static ScaleAggregate aggregate(double[] perGuest, Direction direction) {
        Summary s = summarize(perGuest, StatsMode.PAPER);
        double sum = Arrays.stream(perGuest).sum();
        double squares = Arrays.stream(perGuest).map(x -> x * x).sum();
        double jain = squares == 0 ? 1 : sum * sum / (perGuest.length * squares);
        return new ScaleAggregate(perGuest.length, s.mean() * perGuest.length, s.mean(), jain, s.relativeStdDev());
    }

    private static double ratio(double[] guest, double[] baseline, Direction direction) {
        double[] g = guest.clone();
        double[] b = baseline.clone();
        Arrays.sort(g);
        Arrays.sort(b);
        return direction == Direction.HIGHER_IS_BETTER ? median(g) / median(b) : median(b) / median(g);
    }

    private static double[] resample(double[] values, Random random) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[random.nextInt(values.length)];
        }
        return out;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
