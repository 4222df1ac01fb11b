package org.virtbench.runner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.annotations.Direction;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.BackendResult;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.stats.Interval;
import org.virtbench.runner.stats.LevelSplit;

/**
 * {@code report.html}: one self-contained page (charts embedded as PNG data URIs) with the paper's
 * figures and tables generated from a results document.
 */
final class HtmlReport {
    /** The report's file name in the results directory. */
    static final String FILE = "report.html";

    private static final String STYLE = """
            <style>
            body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1340px;color:#222}
            h1{font-size:24px;margin-bottom:4px}h2{font-size:19px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:34px}
            h3{font-size:15px;margin:18px 0 6px}
            table{border-collapse:collapse;margin:8px 0;font-size:13px}
            th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f0f3f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .figures{display:flex;flex-wrap:wrap;gap:12px}.figure{border:1px solid #e3e3e3;padding:4px}
            .figure>p{max-width:640px;overflow-wrap:anywhere}
            .mismatch{background:#ffe3b3;font-weight:bold}.bad{color:#b00000}.note{color:#555;font-size:13px}
            .missing{color:#777;font-size:12px;margin:2px 4px}
            </style>
            """;

    private HtmlReport() {
    }

    /** The whole page. */
    static String render(ResultsDocument doc) {
        Html h = new Html();
        h.constant("<!DOCTYPE html>\n").open("html", "lang", "en").open("head")
                .constant("<meta charset=\"utf-8\">").element("title", "virtbench report").constant(STYLE)
                .close("head").open("body");
        h.element("h1", "virtbench report");
        campaign(h, doc);
        relative(h, doc);
        scale(h, doc);
        cells(h, doc);
        levels(h, doc);
        TelemetryFigures.table(h, doc);
        PaperFindings.section(h, doc);
        table2(h, doc);
        table3(h, doc);
        host(h, doc);
        flags(h, doc);
        h.close("body").close("html");
        return h.toString();
    }

    private static void campaign(Html h, ResultsDocument doc) {
        ResultsDocument.Campaign c = doc.campaign();
        h.open("p", "class", "note").text("virtbench " + c.virtbenchVersion() + " — " + String.join(" ", c.commandLine()))
                .close("p");
        h.open("table");
        keyValue(h, "started", c.started());
        keyValue(h, "ended", c.ended() == null ? "not ended: the campaign is incomplete" : c.ended());
        keyValue(h, "profile", c.profile());
        keyValue(h, "statistics", "rigorous".equals(c.stats())
                ? "rigorous: ratio of means with a 95% bootstrap interval, Student-t intervals, dynamic repetition"
                : "paper: median of the kept trials, ratio of medians to bare metal; whiskers: lowest and highest "
                + "ratio of a kept trial to the baseline's trial of the same round");
        keyValue(h, "baseline", c.baseline() + " (bare metal): every value is normalized against it at the same n");
        if (!c.resumed().isEmpty()) {
            keyValue(h, "resumed", String.join(", ", c.resumed()));
        }
        h.close("table");
        if (!c.complete()) {
            h.element("p", "This campaign is incomplete: cells that never ran are listed under flagged samples.",
                    "class", "bad");
        }
    }

    private static void relative(Html h, ResultsDocument doc) {
        h.element("h2", "Relative performance against bare metal (the paper's Figures 3-9)");
        h.element("p", "One chart per workload: each backend's performance divided by bare metal's, so 1.0 "
                + "(the dashed line) is native speed and higher is better, for a time as for a throughput.",
                "class", "note");
        h.open("div", "class", "figures");
        for (Figures.RelativeFigure f : Figures.relative(doc)) {
            h.open("div", "class", "figure");
            if (f.bars().isEmpty()) {
                h.element("h3", f.workload());
                h.element("p", "no relative value to draw", "class", "missing");
            } else {
                h.png(Charts.relative(f), "relative performance of " + f.workload(), Charts.WIDTH, Charts.HEIGHT);
            }
            for (Figures.Bar b : f.bars()) {
                if (b.indistinguishable()) {
                    h.element("p", b.backend() + ": the kept trials' ratios " + ratioRange(b.range().orElseThrow())
                            + " include 1.0: not distinguishable from bare metal", "class", "missing");
                }
            }
            for (Map.Entry<String, String> m : f.missing().entrySet()) {
                h.element("p", m.getKey() + ": no bar — " + m.getValue(), "class", "missing");
            }
            h.close("div");
            TelemetryFigures.breakdownFigure(h, doc, f.workload(), f.guests());
        }
        h.close("div");
    }

    private static void scale(Html h, ResultsDocument doc) {
        List<Figures.ScaleFigure> figures = Figures.scale(doc);
        if (figures.isEmpty()) {
            return;
        }
        h.element("h2", "Scalability: n guests at once (the paper's Figure 10)");
        h.element("p", "Each workload run concurrently in n guests, one line per backend: (a) the aggregate "
                + "(mean per-guest throughput times n; for a time, the total), (b) the mean per guest, "
                + "(c) how far apart the guests started, (d) how evenly they shared the machine.", "class", "note");
        for (Figures.ScaleFigure f : figures) {
            if (!f.hasScalePoints()) {
                // four empty charts would say nothing: the cells' status is in the table below
                h.element("h3", f.workload());
                h.element("p", "no cell of " + f.workload() + " at n > 1 has a value (left out or not run: see "
                        + "Every cell)", "class", "missing");
                continue;
            }
            h.element("h3", f.workload() + " (" + f.unit() + ", "
                    + (f.direction() == Direction.LOWER_IS_BETTER ? "lower" : "higher") + " is better)");
            h.open("div", "class", "figures");
            for (Charts.ScaleMetric metric : Charts.ScaleMetric.values()) {
                h.open("div", "class", "figure").png(Charts.scale(f, metric, Figures.backendOrder(doc)), f.workload() + " " + metric,
                        Charts.WIDTH, Charts.HEIGHT).close("div");
            }
            TelemetryFigures.fairShareFigure(h, doc, f);
            h.close("div");
            TelemetryFigures.timelines(h, doc, f.workload());
        }
    }

    private static void cells(Html h, ResultsDocument doc) {
        h.element("h2", "Every cell");
        h.open("table");
        h.row("th", List.of("workload", "backend", "n", "unit", "median", "mean", "95% CI of the mean", "kept",
                "relative", "95% interval of relative", "trials' ratio range", "aggregate", "fairness", "status"));
        for (CellResult c : doc.cells()) {
            h.open("tr");
            h.element("td", c.cell().workload()).element("td", c.cell().backend()).element("td", Integer.toString(c.cell().guests()), "class",
                    "num").element("td", c.cell().unit());
            num(h, c.figures().summary() == null ? null : c.figures().summary().median());
            num(h, c.figures().summary() == null ? null : c.figures().summary().mean());
            h.element("td", c.figures().summary() == null ? "-" : interval(c.figures().summary().confidence95()));
            h.element("td", c.figures().summary() == null ? "0" : Integer.toString(c.figures().summary().count()), "class", "num");
            h.element("td", c.figures().relative() == null ? "-" : Format.ratio(c.figures().relative().value()), "class", "num");
            h.element("td", c.figures().relative() == null ? "-" : interval(c.figures().relative().bootstrap95()));
            h.element("td", c.figures().relative() == null || c.figures().relative().range() == null ? "-"
                    : ratioRange(c.figures().relative().range()) + (c.figures().relative().indistinguishable()
                    && !c.cell().backend().equals(doc.campaign().baseline()) ? " not distinguishable from bare metal" : ""));
            num(h, c.scale().aggregate() == null ? null : c.scale().aggregate().aggregate());
            h.element("td", c.scale().aggregate() == null ? "-" : Format.ratio(c.scale().aggregate().jainFairness()), "class", "num");
            h.element("td", c.outcome().status().label() + (c.outcome().dynamicRepetition() == null ? "" : " (" + c.outcome().dynamicRepetition() + ")"),
                    "class", c.outcome().status() == ResultsDocument.Status.COMPLETED ? null : "bad");
            h.close("tr");
        }
        h.close("table");
    }

    /** Cells run over several provisionings: the interval over their means, the variance's two levels. */
    private static void levels(Html h, ResultsDocument doc) {
        List<CellResult> split = doc.cells().stream().filter(c -> c.figures().levels() != null).toList();
        if (split.isEmpty()) {
            return;
        }
        h.element("h2", "Repetition at two levels: provisionings and trials");
        h.element("p", "Each cell's trials ran in several fresh provisionings (new guests each time). Trials in one set "
                + "of guests are not independent, so the interval is over the provisioning means (Student t); the "
                + "variance splits into the part between provisionings and the part between trials of one "
                + "provisioning (one-way random effects).", "class", "note");
        h.open("table");
        h.row("th", List.of("workload", "backend", "n", "provisionings x kept trials", "mean of means",
                "95% CI over provisionings", "between provisionings", "between trials"));
        for (CellResult c : split) {
            LevelSplit l = c.figures().levels();
            h.row("td", List.of(c.cell().workload(), c.cell().backend(), Integer.toString(c.cell().guests()),
                    l.provisionings() + " x " + l.trialsEach(), Format.number(l.mean()), interval(l.confidence95()),
                    String.format(java.util.Locale.ROOT, "%.0f%%", l.betweenShare() * 100),
                    String.format(java.util.Locale.ROOT, "%.0f%%", (1 - l.betweenShare()) * 100)));
        }
        h.close("table");
    }

    private static void table2(Html h, ResultsDocument doc) {
        h.element("h2", "Table 2: benchmarks, tool versions on the host and in the guests");
        List<Tables.ToolRow> rows = Tables.tools(doc);
        if (rows.isEmpty()) {
            h.element("p", "These results name no package per workload (written before virtbench recorded them, "
                    + "or the workloads require none).", "class", "note");
            return;
        }
        List<String> guests = Tables.guestBackends(doc);
        List<String> header = new ArrayList<>(List.of("benchmark", "package", "version (host)"));
        guests.forEach(g -> header.add("version (guests: " + g + ")"));
        header.add("unit of measure");
        h.open("table").row("th", header);
        for (Tables.ToolRow r : rows) {
            h.open("tr").element("td", r.workload()).element("td", r.packageName())
                    .element("td", r.hostVersion().orElse("not installed"));
            for (String g : guests) {
                h.element("td", r.guestVersions().getOrDefault(g, Optional.empty()).orElse("not recorded"),
                        "class", r.mismatch(g) ? "mismatch" : null);
            }
            h.element("td", r.unit()).close("tr");
        }
        h.close("table");
        h.element("p", "A highlighted cell runs another version in the guests than on the host: the paper's own "
                + "major weakness. Versions are Debian package versions.", "class", "note");
        HostMetadata host = doc.host();
        if (host != null && !host.toolVersions().isEmpty()) {
            h.open("table").row("th", List.of("command", "its version on the host"));
            host.toolVersions().forEach((command, version) -> h.row("td", List.of(command, version)));
            h.close("table");
        }
    }

    private static void table3(Html h, ResultsDocument doc) {
        h.element("h2", "Table 3: virtualization technologies and their kernels");
        h.open("table").row("th", List.of("backend", "technology", "version", "accelerator", "host kernel",
                "guest kernel"));
        for (Tables.TechnologyRow r : Tables.technologies(doc)) {
            h.row("td", List.of(r.backend(), r.technology(), r.version(), r.accelerator(), r.hostKernel(),
                    r.guestKernels()));
        }
        h.close("table");
    }

    private static void host(Html h, ResultsDocument doc) {
        h.element("h2", "The host");
        HostMetadata m = doc.host();
        if (m == null) {
            h.element("p", "not recorded", "class", "note");
            return;
        }
        h.open("table");
        keyValue(h, "host name", m.hostname());
        keyValue(h, "operating system", m.os());
        keyValue(h, "kernel", m.kernel());
        keyValue(h, "CPU", m.cpuModel() + " (" + m.cpus() + " CPUs usable)");
        keyValue(h, "memory", Format.bytes(m.memoryBytes()));
        keyValue(h, "timer frequency (CONFIG_HZ)", m.configHz() == null ? null : m.configHz() + " Hz");
        keyValue(h, "I/O scheduler", m.ioScheduler() + (m.rootDisk() == null ? "" : " on " + m.rootDisk()));
        keyValue(h, "runs on", m.virtualization());
        h.close("table");
        h.element("h3", "Transport overhead per command (reported, not subtracted)");
        h.open("table").row("th", List.of("backend", "command", "runs", "median", "min"));
        for (BackendResult b : doc.backends()) {
            if (b.transportOverhead() != null) {
                h.row("td", List.of(b.id(), b.transportOverhead().command(),
                        Integer.toString(b.transportOverhead().runs()),
                        Format.number(b.transportOverhead().medianNanos() / 1e6) + " ms",
                        Format.number(b.transportOverhead().minNanos() / 1e6) + " ms"));
            } else {
                h.row("td", List.of(b.id(), "not calibrated", "-", "-", "-"));
            }
        }
        h.close("table");
    }

    private static void flags(Html h, ResultsDocument doc) {
        h.element("h2", "Flagged samples");
        List<Flags.Flag> flags = Flags.of(doc);
        h.element("p", "Failures with their reasons, outliers (MAD and Tukey fences: flagged, never dropped), start "
                + "skew above " + (int) (Flags.SKEW_LIMIT * 100) + "% of the measured span, and guest clocks that "
                + "drifted from the host's by more than " + (int) (Flags.DRIFT_LIMIT * 100) + "%"
                + (Flags.driftRecorded(doc) ? "." : " (no sample of this campaign records its guest clock's drift, "
                        + "the secondary figure " + Flags.DRIFT_FIGURE + ")."),
                "class", "note");
        if (flags.isEmpty()) {
            h.element("p", "Nothing flagged.");
            return;
        }
        h.open("table").row("th", List.of("what", "workload", "backend", "n", "guest", "trial", "detail"));
        for (Flags.Flag f : flags) {
            h.row("td", List.of(f.kind().label, f.workload(), f.backend(), Integer.toString(f.guests()),
                    f.guest() < 0 ? "all" : Integer.toString(f.guest()), f.trial() < 0 ? "all" : Integer.toString(f.trial()),
                    f.detail()));
        }
        h.close("table");
    }

    private static void keyValue(Html h, String key, String value) {
        h.open("tr").element("th", key).element("td", value == null ? "not recorded" : value).close("tr");
    }

    private static void num(Html h, Double value) {
        h.element("td", Format.number(value), "class", "num");
    }

    private static String ratioRange(Interval i) {
        return Format.ratio(i.low()) + "-" + Format.ratio(i.high());
    }

    private static String interval(Interval i) {
        return i == null ? "-" : "[" + Format.number(i.low()) + ", " + Format.number(i.high()) + "]";
    }
}
