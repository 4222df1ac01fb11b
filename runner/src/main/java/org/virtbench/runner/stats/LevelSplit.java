package org.virtbench.runner.stats;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Repetition at two levels (Kalibera and Jones): trials within a provisioning, provisionings (fresh
 * guests) within a cell. The interval is over the provisioning means, since trials in one set of
 * guests are not independent of each other; the variance is split by a one-way random-effects
 * analysis into the part between provisionings and the part between trials of one provisioning.
 *
 * @param provisionings       how many provisionings had kept trials
 * @param trialsEach          kept trials per provisioning (the smallest, when they differ)
 * @param means               each provisioning's mean, in order
 * @param mean                the mean of the provisioning means
 * @param confidence95        Student-t 95% interval of the mean over the provisioning means; null for one
 * @param betweenVariance     the variance between provisionings, beyond what trials explain (at least 0)
 * @param withinVariance      the variance between trials of one provisioning
 * @param betweenShare        {@code betweenVariance / (betweenVariance + withinVariance)}; 0 when both are 0
 */
public record LevelSplit(int provisionings, int trialsEach, List<Double> means, double mean, Interval confidence95,
                         double betweenVariance, double withinVariance, double betweenShare) {
    public LevelSplit {
        means = List.copyOf(means);
    }

    /** Which provisioning a trial belongs to when each runs {@code repeat} trials. */
    public static int provisioningOf(int trial, int repeat, int provisionings) {
        return Math.min(trial / repeat, provisionings - 1);
    }

    /**
     * Splits the kept values of a cell, grouped by provisioning.
     *
     * @param groups each provisioning's kept values; groups without a value are left out
     * @throws IllegalArgumentException when no group has a value
     */
    public static LevelSplit of(List<double[]> groups) {
        List<double[]> kept = groups.stream().filter(g -> g.length > 0).toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("no provisioning has a kept value");
        }
        int k = kept.size();
        double[] means = kept.stream().mapToDouble(g -> Arrays.stream(g).average().orElseThrow()).toArray();
        double grand = Arrays.stream(means).average().orElseThrow();
        int total = kept.stream().mapToInt(g -> g.length).sum();
        double ssWithin = 0;
        for (int i = 0; i < k; i++) {
            for (double v : kept.get(i)) {
                ssWithin += (v - means[i]) * (v - means[i]);
            }
        }
        double withinVariance = total > k ? ssWithin / (total - k) : 0;
        double ssMeans = 0;
        for (double m : means) {
            ssMeans += (m - grand) * (m - grand);
        }
        double varianceOfMeans = k > 1 ? ssMeans / (k - 1) : 0;
        int trialsEach = kept.stream().mapToInt(g -> g.length).min().orElseThrow();
        // E[var of provisioning means] = between + within / m: what the means vary beyond their trials' noise
        double betweenVariance = Math.max(0, varianceOfMeans - withinVariance / ((double) total / k));
        double sum = betweenVariance + withinVariance;
        Interval interval = null;
        if (k > 1) {
            double half = new TDistribution(k - 1).inverseCumulativeProbability(0.975) * Math.sqrt(varianceOfMeans / k);
            interval = new Interval(grand - half, grand + half);
        }
        return new LevelSplit(k, trialsEach, Arrays.stream(means).boxed().toList(), grand, interval, betweenVariance,
                withinVariance, sum == 0 ? 0 : betweenVariance / sum);
    }
}
