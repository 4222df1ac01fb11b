package org.virtbench.runner.report;

import java.util.Locale;

/** How numbers read in the report and on the terminal: in the root locale, never "NaN". */
public final class Format {
    private Format() {
    }

    /**
     * A measured value with four significant digits, plain notation for magnitudes from 0.001 to
     * 10^7; {@code -} for null or a non-finite value.
     */
    public static String number(Double value) {
        if (value == null || !Double.isFinite(value)) {
            return "-";
        }
        double abs = Math.abs(value);
        if (abs == 0) {
            return "0";
        }
        if (abs < 1e-3 || abs >= 1e7) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(abs)));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** A ratio with three decimals; {@code -} for null or non-finite. */
    public static String ratio(Double value) {
        return value == null || !Double.isFinite(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A byte count in GiB or MiB, whichever reads better; {@code -} for null. */
    public static String bytes(Long value) {
        if (value == null) {
            return "-";
        }
        return value >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", value / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", value / (double) (1L << 20));
    }
}
