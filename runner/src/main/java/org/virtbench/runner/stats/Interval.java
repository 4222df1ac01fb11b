package org.virtbench.runner.stats;

/**
 * A 95% interval, {@code low <= high}, both bounds finite.
 *
 * @param low  lower bound
 * @param high upper bound
 */
public record Interval(double low, double high) {

    /** Checks the bounds: both finite and {@code low <= high}. */
    public Interval {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("interval bounds must be finite: [" + low + ", " + high + "]");
        }
        if (low > high) {
            throw new IllegalArgumentException("interval low " + low + " is above high " + high);
        }
    }

    /**
     * Whether {@code value} lies in the closed interval.
     *
     * @param value the value to test
     * @return {@code low <= value <= high}
     */
    public boolean contains(double value) {
        return low <= value && value <= high;
    }

    /** @return {@code high - low} */
    public double width() {
        return high - low;
    }
}
