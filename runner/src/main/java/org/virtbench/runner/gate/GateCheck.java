package org.virtbench.runner.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.virtbench.runner.results.ResultsDocument;

/**
 * A campaign's results checked against a {@link Baseline}: one row per bound, its value now and a
 * verdict. Any row that is not {@link Verdict#OK} is a violation: a regression, an improvement
 * large enough that the baseline should be written again, or a cell that no longer has a value.
 */
public record GateCheck(List<Row> rows) {
    public GateCheck {
        rows = List.copyOf(rows);
    }

    /** What a row says. */
    public enum Verdict {
        OK("ok"),
        BELOW_FLOOR("below floor"),
        ABOVE_CEILING("above ceiling"),
        MISSING("missing");

        public final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /**
     * One bound checked.
     *
     * @param value the cell's value now; empty when the cell is missing or has none
     * @param why   for a missing cell, why
     */
    public record Row(Baseline.Bound bound, Optional<Double> value, Verdict verdict, String why) {
    }

    /** Whether any row is a violation. */
    public boolean failed() {
        return rows.stream().anyMatch(r -> r.verdict() != Verdict.OK);
    }

    /** Checks every bound of the baseline against the results. */
    public static GateCheck of(Baseline baseline, ResultsDocument results) {
        List<Row> rows = new ArrayList<>();
        for (Baseline.Bound b : baseline.bounds()) {
            Optional<ResultsDocument.CellResult> cell = results.cells().stream()
                    .filter(c -> c.cell().workload().equals(b.workload()) && c.cell().backend().equals(b.backend())
                            && c.cell().guests() == b.guests()).findFirst();
            Optional<Double> value = cell.flatMap(c -> switch (b.metric()) {
                case RELATIVE -> Optional.ofNullable(c.figures().relative()).map(r -> r.value());
                case ABSOLUTE -> Optional.ofNullable(c.figures().summary()).map(s -> s.median());
            });
            if (value.isEmpty()) {
                rows.add(new Row(b, value, Verdict.MISSING, cell.map(c -> c.outcome().status().label()
                        + (c.outcome().reason() == null ? "" : ": " + c.outcome().reason())).orElse("no such cell in the results")));
            } else if (value.get() < b.floor()) {
                rows.add(new Row(b, value, Verdict.BELOW_FLOOR, ""));
            } else if (value.get() > b.ceil()) {
                rows.add(new Row(b, value, Verdict.ABOVE_CEILING, ""));
            } else {
                rows.add(new Row(b, value, Verdict.OK, ""));
            }
        }
        return new GateCheck(rows);
    }

    /** The table: workload, backend, n, metric, FLOOR, VALUE, CEIL, verdict. */
    public String table() {
        String format = "%-22s %-10s %3s %-22s %12s %12s %12s  %s";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, format, "workload", "backend", "n", "metric",
                "FLOOR", "VALUE", "CEIL", "verdict"));
        for (Row r : rows) {
            Baseline.Bound bound = r.bound();
            String metric = bound.metric() == Baseline.Metric.RELATIVE ? "relative" : "absolute (" + bound.unit() + ")";
            b.append('\n').append(String.format(Locale.ROOT, format, bound.workload(), bound.backend(), bound.guests(),
                    metric, number(bound.floor()), r.value().map(GateCheck::number).orElse("-"),
                    number(bound.ceil()), r.verdict().label + (r.why().isEmpty() ? "" : " (" + r.why() + ")")));
        }
        long bad = rows.stream().filter(r -> r.verdict() != Verdict.OK).count();
        b.append('\n').append(bad == 0 ? "all " + rows.size() + " cells within their bounds"
                : bad + " of " + rows.size() + " cells outside their bounds");
        return b.toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%.1f" : "%.4f", v);
    }
}
