package org.virtbench.runner.telemetry;

import java.util.List;

/**
 * A cell's telemetry as the results carry it: its latest attempt's trials summarized, and a
 * timeline of the host's CPU split and each guest's CPU, thinned to at most
 * {@value TelemetryFiles#TIMELINE_POINTS} points.
 *
 * @param period         the sampling period
 * @param pressureAbsent why the host had no /proc/pressure; null when it had
 * @param guestSources   per guest, where it was watched from outside, or why not
 */
public record CellTelemetry(String workload, String backend, int guests, int attempt, String period, int cpus,
                            String pressureAbsent, List<String> guestSources, List<TrialTelemetry> trials,
                            List<TimelinePoint> timeline) {
    public CellTelemetry {
        guestSources = guestSources == null ? List.of() : List.copyOf(guestSources);
        trials = trials == null ? List.of() : List.copyOf(trials);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /**
     * The span between two samples.
     *
     * @param seconds   its end, seconds since the cell's first sample
     * @param trial     the trial measured at its end, or null between measurements
     * @param host      where the host's CPU time went in the span
     * @param guestCpu  per guest, its CPU time over the host's capacity in the span; null entries
     *                  where it was not watched
     */
    public record TimelinePoint(double seconds, Integer trial, CpuSplit host, List<Double> guestCpu) {
    }
}
