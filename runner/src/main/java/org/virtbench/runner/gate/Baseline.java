package org.virtbench.runner.gate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.virtbench.runner.results.ResultsDocument;

/**
 * The bounds a campaign must stay within, written from a campaign's results ({@code virtbench
 * baseline write}) and checked against a later one ({@code virtbench check}), as Kata's
 * checkmetrics does: per cell a value, and a floor and a ceiling as percentages below and above
 * it. A guest's cell is bounded relative to bare metal (its relative performance), so the bound
 * holds across machines; a bare-metal cell, which has nothing to be relative to, absolutely.
 *
 * @param schema {@link #SCHEMA}
 * @param source the results the values were taken from
 * @param bounds one per cell with a value
 */
public record Baseline(int schema, String source, List<Bound> bounds) {
    /** The version of this file's layout. */
    public static final int SCHEMA = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public Baseline {
        bounds = List.copyOf(bounds);
    }

    /** What a bound's value is. */
    public enum Metric {
        /** The cell's performance relative to bare metal at the same n (1.0 = native, higher is better). */
        RELATIVE,
        /** The cell's median, in its unit. */
        ABSOLUTE
    }

    /**
     * One cell's bound: the value checked must lie in {@code [value * (1 - floor%), value * (1 + ceil%)]}.
     *
     * @param floorPercent how far below {@code value} still passes, in percent
     * @param ceilPercent  how far above {@code value} still passes, in percent
     */
    public record Bound(String workload, String backend, int guests, Metric metric, String unit, double value,
                        double floorPercent, double ceilPercent) {
        public Bound {
            Objects.requireNonNull(workload, "workload");
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(metric, "metric");
            if (!Double.isFinite(value) || !(floorPercent >= 0 && floorPercent <= 100) || !(ceilPercent >= 0)) {
                throw new IllegalArgumentException("the bound of " + workload + " on " + backend + " at n = " + guests
                        + " needs a finite value, a floor of 0-100% and a ceiling of at least 0%");
            }
        }

        public double floor() {
            return value * (1 - floorPercent / 100);
        }

        public double ceil() {
            return value * (1 + ceilPercent / 100);
        }
    }

    /**
     * The bounds of every cell of {@code results} that has a value: relative to bare metal where the
     * cell has a relative value, else (bare metal itself, a campaign without it) its median.
     */
    public static Baseline of(ResultsDocument results, String source, double floorPercent, double ceilPercent) {
        List<Bound> bounds = new ArrayList<>();
        for (ResultsDocument.CellResult c : results.cells()) {
            if (c.outcome().status() != ResultsDocument.Status.COMPLETED) {
                continue;
            }
            if (c.figures().relative() != null && !c.cell().backend().equals(results.campaign().baseline())) {
                bounds.add(new Bound(c.cell().workload(), c.cell().backend(), c.cell().guests(), Metric.RELATIVE, "x bare metal",
                        c.figures().relative().value(), floorPercent, ceilPercent));
            } else if (c.figures().summary() != null) {
                bounds.add(new Bound(c.cell().workload(), c.cell().backend(), c.cell().guests(), Metric.ABSOLUTE, c.cell().unit(),
                        c.figures().summary().median(), floorPercent, ceilPercent));
            }
        }
        return new Baseline(SCHEMA, source, bounds);
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    /**
     * Reads a baseline file.
     *
     * @throws IOException when it cannot be read or is not a baseline (the message says which)
     */
    public static Baseline read(Path file) throws IOException {
        Baseline b;
        try {
            b = JSON.readValue(file.toFile(), Baseline.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not a virtbench baseline: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a virtbench baseline: " + e.getMessage(), e);
        }
        if (b.schema() != SCHEMA) {
            throw new IOException(file + " is a baseline of schema " + b.schema() + ", this virtbench reads "
                    + SCHEMA + "; write it again with 'virtbench baseline write'");
        }
        return b;
    }
}
