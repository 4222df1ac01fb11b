package org.virtbench.runner.telemetry;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often telemetry samples during a cell: {@code off}, or a period such as {@code 1s} (the
 * default) or {@code 250ms}. Trial boundaries are always sampled exactly, whatever the period.
 *
 * @param millis the period in milliseconds; 0 when telemetry is off
 */
public record TelemetryInterval(long millis) {
    /** The default: one sample a second. */
    public static final TelemetryInterval DEFAULT = new TelemetryInterval(1000);
    /** No telemetry at all. */
    public static final TelemetryInterval OFF = new TelemetryInterval(0);
    /** Shorter periods cost more than they show: /proc/stat counts in 10 ms ticks. */
    public static final long MIN_MILLIS = 100;

    private static final Pattern PERIOD = Pattern.compile("(\\d{1,7})(ms|s)");

    public TelemetryInterval {
        if (millis != 0 && millis < MIN_MILLIS) {
            throw new IllegalArgumentException("a telemetry period of " + millis + " ms is below the "
                    + MIN_MILLIS + " ms /proc/stat can resolve; give off, 1s or 250ms");
        }
    }

    /**
     * Parses {@code off}, {@code Ns} or {@code Nms}; null means the default.
     *
     * @throws IllegalArgumentException with a message that says what to give instead
     */
    public static TelemetryInterval parse(String text) {
        if (text == null) {
            return DEFAULT;
        }
        if (text.equals("off")) {
            return OFF;
        }
        Matcher m = PERIOD.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("--telemetry '" + text + "' is not a period; give off, 1s or 250ms");
        }
        long n = Long.parseLong(m.group(1));
        return new TelemetryInterval(m.group(2).equals("s") ? n * 1000 : n);
    }

    /** The period, empty when off. */
    public Optional<Duration> period() {
        return millis == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    public boolean enabled() {
        return millis != 0;
    }

    /** As written on the command line: {@code off}, {@code 1s}, {@code 250ms}. */
    @Override
    public String toString() {
        return millis == 0 ? "off" : millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
