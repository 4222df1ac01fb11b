package org.virtbench.runner.budget;

import java.time.Duration;
import org.virtbench.runner.journal.CellKey;

/**
 * What one cell is expected to cost in wall time, before it runs.
 *
 * @param cell   the cell
 * @param total  provisioning, setup and every planned trial
 * @param trials the planned trials
 * @param source where the figure comes from
 */
public record CellEstimate(CellKey cell, Duration total, int trials, Source source) {
    /** Where an estimate comes from, most trusted first. */
    public enum Source {
        /** The same cell (workload, backend, n, parameters) ran before on this machine: its duration. */
        MEASURED,
        /** The workload's declared trial time, scaled by n and the backend's slowdown. */
        DECLARED,
        /** Neither: a workload virtbench knows nothing of, assumed {@link CostModel#ASSUMED_TRIAL} a trial. */
        ASSUMED
    }

    /** The estimate as a person reads it: {@code ~40 s}, {@code ~2.5 min}, {@code ~25 min}, {@code ~1.5 h}. */
    public static String words(Duration d) {
        long s = Math.max(1, d.toSeconds());
        if (s < 100) {
            return "~" + s + " s";
        }
        if (s < 10 * 60) {
            return String.format(java.util.Locale.ROOT, "~%.1f min", s / 60.0);
        }
        if (s < 90 * 60) {
            return "~" + Math.round(s / 60.0) + " min";
        }
        return String.format(java.util.Locale.ROOT, "~%.1f h", s / 3600.0);
    }
}
