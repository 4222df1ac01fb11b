package org.virtbench.runner.stats;

/**
 * Relative performance against bare metal as the paper plots it: 1.0 is native, higher is better
 * (0.5 means the guest does half the work per unit time, or needs twice the time).
 *
 * @param value       the ratio: of medians in PAPER mode, of means in RIGOROUS mode
 * @param bootstrap95 percentile-bootstrap 95% interval of the ratio of means; null in PAPER mode
 * @param range       lowest and highest of {@code rounds}; null when no kept trial has a baseline trial
 *                    of the same number
 * @param rounds      the ratio of each kept trial to the baseline's trial of the same number (each the
 *                    mean over the cell's guests), in trial order: under an interleaved order, trials
 *                    of the same round, taken side by side
 */
public record Relative(double value, Interval bootstrap95, Interval range, java.util.List<Double> rounds) {
    public Relative {
        rounds = rounds == null ? java.util.List.of() : java.util.List.copyOf(rounds);
    }

    /** A ratio without round ratios, as written before they existed. */
    public Relative(double value, Interval bootstrap95) {
        this(value, bootstrap95, null, java.util.List.of());
    }

    /** The same ratio with the round ratios (and their range) of its trials. */
    public Relative withRounds(java.util.List<Double> ratios) {
        Interval minMax = ratios.isEmpty() ? null : new Interval(
                ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        return new Relative(value, bootstrap95, minMax, ratios);
    }

    /**
     * Whether the kept trials' ratios reach both sides of 1.0 (or touch it): the cell is then not
     * distinguishable from bare metal, whatever its median says.
     */
    public boolean indistinguishable() {
        return range != null && range.contains(1.0);
    }
}
