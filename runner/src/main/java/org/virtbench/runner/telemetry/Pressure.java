package org.virtbench.runner.telemetry;

import java.util.Optional;

/**
 * One file of {@code /proc/pressure}: how long tasks stalled waiting for the resource.
 *
 * @param someAvg10   percent of the last 10 s some task stalled
 * @param someMicros  total stall of some task since boot, microseconds
 * @param fullAvg10   percent of the last 10 s all non-idle tasks stalled at once; null for
 *                    {@code cpu} on kernels that do not report it
 * @param fullMicros  total full stall since boot, microseconds; null with {@code fullAvg10}
 */
public record Pressure(double someAvg10, long someMicros, Double fullAvg10, Long fullMicros) {
    /** Parses {@code some avg10=.. avg60=.. avg300=.. total=..} and the optional {@code full} line. */
    public static Optional<Pressure> parse(String text) {
        Double someAvg = null;
        Long someTotal = null;
        Double fullAvg = null;
        Long fullTotal = null;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            Double avg10 = null;
            Long total = null;
            for (String kv : f) {
                if (kv.startsWith("avg10=")) {
                    avg10 = Double.parseDouble(kv.substring(6));
                } else if (kv.startsWith("total=")) {
                    total = Long.parseLong(kv.substring(6));
                }
            }
            if (f[0].equals("some")) {
                someAvg = avg10;
                someTotal = total;
            } else if (f[0].equals("full")) {
                fullAvg = avg10;
                fullTotal = total;
            }
        }
        return someAvg == null || someTotal == null ? Optional.empty()
                : Optional.of(new Pressure(someAvg, someTotal, fullAvg, fullTotal));
    }
}
