package org.virtbench.runner.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.BackendResult;
import org.virtbench.runner.results.ResultsDocument.CellResult;

/**
 * The paper side by side: for each workload of the results and each backend's technology class,
 * the paper's finding (sections 5 and 6, with figure and section), the rule that checks it against
 * this run, and whether this run agrees. The findings are data, {@value #RESOURCE}.
 */
final class PaperFindings {
    static final String RESOURCE = "paper-findings.json";

    private PaperFindings() {
    }

    /** The check of a finding against this run; thresholds are this report's, never the paper's numbers. */
    enum Kind {
        /** Relative at least {@code value}. */
        AT_LEAST,
        /** Relative strictly above {@code value}. */
        ABOVE,
        /** Relative below {@code value}. */
        BELOW,
        /** Relative within [{@code low}, {@code high}]. */
        BETWEEN,
        /** Relative above the relative of the backend of class {@code other}. */
        ABOVE_CLASS,
        /** Relative below the relative of the backend of class {@code other}. */
        BELOW_CLASS,
        /** Aggregate at the largest n (at least 16) below {@code value} times the best at n of 8 or fewer. */
        AGGREGATE_FALLS,
        /** The smallest aggregate over at least three n at least {@code value} times the largest. */
        AGGREGATE_FLAT,
        /** The paper has no value to compare with. */
        NO_VALUE
    }

    record Rule(Kind kind, Double value, Double low, Double high, TechnologyClass other) {
        /** The rule in words, as the report states it. */
        String text() {
            return switch (kind) {
                case AT_LEAST -> String.format(Locale.ROOT, "relative to bare metal at least %.2f", value);
                case ABOVE -> String.format(Locale.ROOT, "relative to bare metal above %.2f", value);
                case BELOW -> String.format(Locale.ROOT, "relative to bare metal below %.2f", value);
                case BETWEEN -> String.format(Locale.ROOT, "relative to bare metal between %.2f and %.2f", low, high);
                case ABOVE_CLASS -> "relative above the " + other.label + " backend's in this run";
                case BELOW_CLASS -> "relative below the " + other.label + " backend's in this run";
                case AGGREGATE_FALLS -> String.format(Locale.ROOT, "aggregate at the largest n (16 or more) below "
                        + "%.2f x the best aggregate at n <= 8", value);
                case AGGREGATE_FLAT -> String.format(Locale.ROOT, "smallest aggregate over 3 or more n at least "
                        + "%.2f x the largest", value);
                case NO_VALUE -> "none: the paper gives no value";
            };
        }
    }

    /**
     * One finding of the paper.
     *
     * @param systems the paper's systems whose result the rule checks
     * @param scale   true for a finding about n guests at once (the paper's second part)
     */
    record Finding(String workload, TechnologyClass technology, String systems, boolean scale, String finding,
                   String source, Rule rule) {
    }

    enum Verdict {
        AGREES("agrees"), DISAGREES("disagrees"), NOT_MEASURED("not measured");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** A finding checked against one backend of this run. */
    record Check(Finding finding, String backend, String technology, Verdict verdict, String measured) {
    }

    /** Every finding, in the resource's order. */
    static List<Finding> findings() {
        try (InputStream in = PaperFindings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the runner's classpath");
            }
            return new ObjectMapper().readValue(in, new TypeReference<List<Finding>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The checks of a workload: each non-baseline backend against each finding for its class. */
    static List<Check> checks(ResultsDocument doc, String workload, List<Finding> findings) {
        List<Check> checks = new ArrayList<>();
        for (BackendResult b : doc.backends()) {
            Optional<TechnologyClass> tc = TechnologyClass.of(b.technology());
            if (tc.isEmpty()) {
                continue;
            }
            for (Finding f : findings) {
                if (f.workload().equals(workload) && f.technology() == tc.get()) {
                    checks.add(check(doc, f, b));
                }
            }
        }
        return checks;
    }

    static Check check(ResultsDocument doc, Finding f, BackendResult b) {
        List<CellResult> cells = doc.cells().stream()
                .filter(c -> c.cell().workload().equals(f.workload()) && c.cell().backend().equals(b.id())).toList();
        Rule r = f.rule();
        return switch (r.kind()) {
            case NO_VALUE -> new Check(f, b.id(), b.technology(), Verdict.NOT_MEASURED,
                    "the paper has no value to compare");
            case AGGREGATE_FALLS, AGGREGATE_FLAT -> aggregate(f, b, cells);
            default -> relative(doc, f, b, cells);
        };
    }

    private static Check relative(ResultsDocument doc, Finding f, BackendResult b, List<CellResult> cells) {
        Optional<CellResult> cell = pick(cells, f.scale());
        if (cell.isEmpty()) {
            return new Check(f, b.id(), b.technology(), Verdict.NOT_MEASURED, f.scale()
                    ? "no cell with n > 1 and a relative value" : "no cell at n = 1 with a relative value");
        }
        double v = cell.get().figures().relative().value();
        String measured = String.format(Locale.ROOT, "%.3f at n = %d", v, cell.get().cell().guests());
        Rule r = f.rule();
        Boolean holds = switch (r.kind()) {
            case AT_LEAST -> v >= r.value();
            case ABOVE -> v > r.value();
            case BELOW -> v < r.value();
            case BETWEEN -> v >= r.low() && v <= r.high();
            case ABOVE_CLASS, BELOW_CLASS -> other(doc, r.other(), f, cell.get().cell().guests())
                    .map(o -> r.kind() == Kind.ABOVE_CLASS ? v > o : v < o).orElse(null);
            default -> null;
        };
        if (holds == null) {
            return new Check(f, b.id(), b.technology(), Verdict.NOT_MEASURED, measured + "; no "
                    + r.other().label + " backend in this run to compare with");
        }
        return new Check(f, b.id(), b.technology(), holds ? Verdict.AGREES : Verdict.DISAGREES, measured);
    }

    /** The cell a finding looks at: n = 1, or for a scale finding the largest n with a relative. */
    private static Optional<CellResult> pick(List<CellResult> cells, boolean scale) {
        return cells.stream().filter(c -> c.figures().relative() != null && (scale ? c.cell().guests() > 1 : c.cell().guests() == 1))
                .max(Comparator.comparingInt(c -> c.cell().guests()));
    }

    private static Optional<Double> other(ResultsDocument doc, TechnologyClass other, Finding f, int guests) {
        return doc.backends().stream().filter(b -> TechnologyClass.of(b.technology()).orElse(null) == other)
                .flatMap(b -> doc.cells().stream().filter(c -> c.cell().backend().equals(b.id())
                        && c.cell().workload().equals(f.workload()) && c.cell().guests() == guests && c.figures().relative() != null))
                .map(c -> c.figures().relative().value()).findFirst();
    }

    private static Check aggregate(Finding f, BackendResult b, List<CellResult> cells) {
        List<CellResult> points = cells.stream().filter(c -> c.scale().aggregate() != null)
                .sorted(Comparator.comparingInt(c -> c.cell().guests())).toList();
        double limit = f.rule().value();
        if (f.rule().kind() == Kind.AGGREGATE_FALLS) {
            Optional<CellResult> last = points.isEmpty() ? Optional.empty() : Optional.of(points.get(points.size() - 1));
            double best = points.stream().filter(c -> c.cell().guests() <= 8).mapToDouble(c -> c.scale().aggregate().aggregate()).max()
                    .orElse(Double.NaN);
            if (last.isEmpty() || last.get().cell().guests() < 16 || Double.isNaN(best)) {
                return new Check(f, b.id(), b.technology(), Verdict.NOT_MEASURED,
                        "needs aggregates at n <= 8 and at n >= 16");
            }
            double ratio = last.get().scale().aggregate().aggregate() / best;
            return new Check(f, b.id(), b.technology(), ratio < limit ? Verdict.AGREES : Verdict.DISAGREES,
                    String.format(Locale.ROOT, "aggregate at n = %d is %.2f x the best at n <= 8",
                            last.get().cell().guests(), ratio));
        }
        if (points.size() < 3) {
            return new Check(f, b.id(), b.technology(), Verdict.NOT_MEASURED, "needs aggregates at 3 or more n");
        }
        double min = points.stream().mapToDouble(c -> c.scale().aggregate().aggregate()).min().orElseThrow();
        double max = points.stream().mapToDouble(c -> c.scale().aggregate().aggregate()).max().orElseThrow();
        return new Check(f, b.id(), b.technology(), min / max >= limit ? Verdict.AGREES : Verdict.DISAGREES,
                String.format(Locale.ROOT, "smallest aggregate %.2f x the largest over %d n", min / max,
                        points.size()));
    }

    /** The report's section: a table per workload. */
    static void section(Html h, ResultsDocument doc) {
        List<Finding> findings = findings();
        h.element("h2", "The paper side by side (its sections 5 and 6)");
        h.element("p", "For each workload and each backend's technology class, the finding of Camargos, Girard and "
                + "des Ligneris (2008) for the systems of that class, where it was stated, and the rule this report "
                + "uses to check it against this run: \"close to Linux\" is read as a relative of at least 0.90 "
                + "(within 10% of bare metal), \"poor\" as below 0.50, \"half as good\" as 0.40-0.60; numbers in a "
                + "finding are the paper's own. Relative values are at n = 1 unless the finding is about n guests.",
                "class", "note");
        for (String workload : Figures.workloadOrder(doc)) {
            List<Check> checks = checks(doc, workload, findings);
            h.element("h3", workload);
            if (checks.isEmpty()) {
                h.element("p", "The paper states no finding for this workload on the technology classes run here.",
                        "class", "missing");
                continue;
            }
            h.open("table").row("th", List.of("backend", "class (paper's systems)", "the paper's finding", "source",
                    "rule", "this run", "verdict"));
            for (Check c : checks) {
                h.open("tr").element("td", c.backend() + " (" + c.technology() + ")")
                        .element("td", c.finding().technology().label + " (" + c.finding().systems() + ")")
                        .element("td", c.finding().finding()).element("td", c.finding().source())
                        .element("td", c.finding().rule().text()).element("td", c.measured())
                        .element("td", c.verdict().label, "class", c.verdict() == Verdict.DISAGREES ? "bad" : null)
                        .close("tr");
            }
            h.close("table");
        }
    }
}
