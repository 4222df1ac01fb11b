package org.virtbench.runner.compare;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.virtbench.runner.compare.Comparison.CellComparison;
import org.virtbench.runner.report.Format;
import org.virtbench.runner.report.Html;
import org.virtbench.runner.stats.PermutationTest;

/** A comparison as a terminal table and as {@code compare.html}. */
public final class CompareReport {
    /** The HTML file's default name. */
    public static final String FILE = "compare.html";

    /** How the verdict was reached, printed under both tables. */
    public static String method(Comparison comparison) {
        return "Values are medians of the kept trials; B/A = ratio of medians, its 95% interval a percentile "
                + "bootstrap of the ratio of means. p: permutation test of the difference of means on the kept "
                + "samples, one-sided in the observed direction (exact over every split up to "
                + PermutationTest.EXACT_LIMIT + " splits, else " + PermutationTest.RANDOM_SPLITS + " random splits), "
                + "adjusted across the " + comparison.cells().stream().filter(c -> c.adjustedP().isPresent()).count()
                + " compared cells by " + comparison.adjustment().label + "'s method; worse or better when the "
                + "adjusted p <= " + Comparison.ALPHA + ". Otherwise 'same within X%' when the 95% interval of B/A "
                + "lies within X% of 1.0 and X <= " + String.format(Locale.ROOT, "%.0f%%", comparison.tolerance() * 100)
                + ", else 'cannot tell'. MDC: minimum detectable change at 5% two-sided and 80% power from both "
                + "sides' CV and trial counts. 'worse' is in the workload's direction: (B - A) / A for a time, "
                + "(A - B) / A for a throughput.";
    }

    private static final List<String> HEADER = List.of("workload", "backend", "n", "unit", "A", "B", "B/A",
            "95% of B/A", "worse", "p adj", "MDC", "verdict");

    private CompareReport() {
    }

    /** The table for a terminal: fixed-width columns, one line per cell. */
    public static void print(Comparison comparison, String a, String b, PrintStream out) {
        out.println("A: " + a);
        out.println("B: " + b);
        String format = "%-22s %-10s %3s %-12s %12s %12s %7s %15s %8s %7s %7s  %s%n";
        out.printf(Locale.ROOT, format, HEADER.toArray());
        for (CellComparison c : comparison.cells()) {
            List<String> row = row(c);
            out.printf(Locale.ROOT, format, row.toArray());
        }
        out.println(method(comparison));
    }

    /** The cells of one row, as both tables show them. */
    static List<String> row(CellComparison c) {
        return List.of(c.workload(), c.backend(), Integer.toString(c.guests()), c.unit() == null ? "" : c.unit(),
                Format.number(c.before().orElse(null)), Format.number(c.after().orElse(null)),
                Format.ratio(c.ratio().orElse(null)),
                c.ratio95().map(i -> Format.ratio(i.low()) + "-" + Format.ratio(i.high())).orElse("-"),
                percent(c.worse()), c.adjustedP().map(p -> String.format(Locale.ROOT, "%.3f", p)).orElse("-"),
                c.mdc().filter(Double::isFinite).map(m -> String.format(Locale.ROOT, "%.1f%%", m * 100)).orElse("-"),
                c.verdictText() + (c.note().isEmpty() ? "" : " (" + c.note() + ")"));
    }

    private static String percent(Optional<Double> fraction) {
        return fraction.map(f -> String.format(Locale.ROOT, "%+.1f%%", f * 100)).orElse("-");
    }

    /** {@code compare.html}: the same table, regressions and improvements coloured. */
    public static String html(Comparison comparison, String a, String b, Optional<Double> failOn) {
        Html h = new Html();
        h.constant("<!DOCTYPE html>\n").open("html", "lang", "en").open("head").constant("<meta charset=\"utf-8\">")
                .element("title", "virtbench compare").constant("""
                        <style>
                        body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1200px;color:#222}
                        table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px}
                        th{background:#f0f3f8}.regressed{background:#ffd6d6}.improved{background:#d9f2d9}
                        td:nth-child(n+5):nth-child(-n+11){text-align:right;font-variant-numeric:tabular-nums}
                        .note{color:#555;font-size:13px}
                        </style>
                        """).close("head").open("body");
        h.element("h1", "virtbench compare");
        h.open("p").text("A: " + a).constant("<br>").text("B: " + b).close("p");
        failOn.ifPresent(f -> h.element("p", String.format(Locale.ROOT,
                "Regression gate: a cell worse beyond noise by more than %.1f%% fails; %d did.", f * 100,
                comparison.regressions(f).size())));
        h.open("table").row("th", HEADER);
        for (CellComparison c : comparison.cells()) {
            String css = switch (c.verdict()) {
                case WORSE -> "regressed";
                case BETTER -> "improved";
                default -> null;
            };
            h.open("tr", "class", css);
            row(c).forEach(v -> h.element("td", v));
            h.close("tr");
        }
        h.close("table");
        h.element("p", method(comparison), "class", "note");
        h.close("body").close("html");
        return h.toString();
    }
}
