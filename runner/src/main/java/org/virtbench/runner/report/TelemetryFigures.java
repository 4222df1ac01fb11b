package org.virtbench.runner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.telemetry.CellTelemetry;
import org.virtbench.runner.telemetry.CpuSplit;
import org.virtbench.runner.telemetry.TrialTelemetry;
import org.virtbench.runner.telemetry.TrialTelemetry.GuestShare;

/**
 * What the report draws from telemetry: where the host's CPU time went in each cell's measured
 * windows, how the guests of a scale cell shared the CPU against their fair share, and a small
 * timeline per scale cell. Means are over the kept (not discarded) trials, as the samples are.
 */
final class TelemetryFigures {
    private TelemetryFigures() {
    }

    /** A cell's host CPU split, the mean over its kept trials' windows. */
    record Breakdown(String backend, int guests, CpuSplit split, int trials) {
    }

    /**
     * The guests of a cell against their fair share ({@code 1/n} of what the guests used together):
     * 1.0 is fair. Means over the kept trials of each trial's least and most served guest.
     */
    record FairShare(String backend, int guests, double lowest, double highest) {
    }

    /** The kept trials of a cell's telemetry (all trials when every one was discarded). */
    static List<TrialTelemetry> kept(CellTelemetry t) {
        List<TrialTelemetry> kept = t.trials().stream().filter(x -> !x.discarded() && x.host() != null).toList();
        return kept.isEmpty() ? t.trials().stream().filter(x -> x.host() != null).toList() : kept;
    }

    /** The mean split of a list of trials; empty without one. */
    static Optional<CpuSplit> meanSplit(List<TrialTelemetry> trials) {
        if (trials.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CpuSplit(mean(trials, s -> s.user()), mean(trials, s -> s.system()),
                mean(trials, s -> s.irq()), mean(trials, s -> s.iowait()), mean(trials, s -> s.steal()),
                mean(trials, s -> s.idle()), mean(trials, s -> s.uncounted())));
    }

    private static double mean(List<TrialTelemetry> trials, ToDoubleFunction<CpuSplit> field) {
        return trials.stream().mapToDouble(t -> field.applyAsDouble(t.host())).average().orElse(Double.NaN);
    }

    /** One bar per backend (in campaign order) of a workload at n guests, where telemetry exists. */
    static List<Breakdown> breakdown(ResultsDocument doc, String workload, int guests) {
        List<Breakdown> bars = new ArrayList<>();
        for (String backend : Figures.backendOrder(doc)) {
            doc.telemetryOf(workload, backend, guests).ifPresent(t -> {
                List<TrialTelemetry> kept = kept(t);
                meanSplit(kept).ifPresent(s -> bars.add(new Breakdown(backend, guests, s, kept.size())));
            });
        }
        return bars;
    }

    /** The fair-share figures of a workload's cells with n > 1 whose guests were watched from outside. */
    static List<FairShare> fairShares(ResultsDocument doc, String workload) {
        List<FairShare> rows = new ArrayList<>();
        for (CellTelemetry t : doc.telemetry()) {
            if (!t.workload().equals(workload) || t.guests() < 2) {
                continue;
            }
            fairShare(t).ifPresent(rows::add);
        }
        return rows;
    }

    static Optional<FairShare> fairShare(CellTelemetry t) {
        List<double[]> perTrial = new ArrayList<>();
        for (TrialTelemetry trial : kept(t)) {
            double[] ratios = trial.guests().stream().filter(g -> g.shareOfGuests() != null)
                    .mapToDouble(g -> g.shareOfGuests() / g.fairShare()).toArray();
            if (ratios.length == t.guests()) {
                double lo = Double.MAX_VALUE;
                double hi = 0;
                for (double r : ratios) {
                    lo = Math.min(lo, r);
                    hi = Math.max(hi, r);
                }
                perTrial.add(new double[] {lo, hi});
            }
        }
        if (perTrial.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FairShare(t.backend(), t.guests(), perTrial.stream().mapToDouble(a -> a[0]).average()
                .orElseThrow(), perTrial.stream().mapToDouble(a -> a[1]).average().orElseThrow()));
    }

    /** The telemetry of the cells with n > 1, in the results' cell order. */
    static List<CellTelemetry> scaleCells(ResultsDocument doc, String workload) {
        return doc.cells().stream().filter(c -> c.cell().workload().equals(workload) && c.cell().guests() > 1)
                .map(c -> doc.telemetryOf(c.cell().workload(), c.cell().backend(), c.cell().guests()))
                .flatMap(Optional::stream).filter(t -> !t.timeline().isEmpty()).toList();
    }

    /** The stacked bar beside a relative-performance chart; a note where there is no telemetry. */
    static void breakdownFigure(Html h, ResultsDocument doc, String workload, int guests) {
        List<Breakdown> bars = breakdown(doc, workload, guests);
        h.open("div", "class", "figure");
        if (bars.isEmpty()) {
            h.element("h3", workload + ": where the host's CPU went");
            h.element("p", doc.telemetry().isEmpty() ? "no telemetry in these results (run with --telemetry 1s, the "
                    + "default)" : "no trial of this workload has telemetry", "class", "missing");
        } else {
            h.png(TelemetryCharts.breakdown(workload, guests, bars), "where the host's CPU time went during "
                    + workload, Charts.WIDTH, Charts.HEIGHT);
        }
        h.close("div");
    }

    /** Beside the Jain panel: the least and most served guest against the fair share, per backend. */
    static void fairShareFigure(Html h, ResultsDocument doc, Figures.ScaleFigure f) {
        List<FairShare> rows = fairShares(doc, f.workload());
        h.open("div", "class", "figure");
        if (rows.isEmpty()) {
            h.element("p", "(e) no per-guest CPU: no backend of these cells watches its guests from outside "
                    + "(LXC and QEMU do)", "class", "missing");
        } else {
            h.png(TelemetryCharts.fairShare(f, rows, Figures.backendOrder(doc)), f.workload()
                    + " CPU share against fair share", Charts.WIDTH, Charts.HEIGHT);
        }
        h.close("div");
    }

    /** A small timeline per scale cell of a workload. */
    static void timelines(Html h, ResultsDocument doc, String workload) {
        List<CellTelemetry> cells = scaleCells(doc, workload);
        if (cells.isEmpty()) {
            return;
        }
        h.open("div", "class", "figures");
        for (CellTelemetry t : cells) {
            h.open("div", "class", "figure").png(TelemetryCharts.timeline(t), "timeline of " + workload + " on "
                    + t.backend() + " n=" + t.guests(), TelemetryCharts.SMALL_WIDTH, TelemetryCharts.SMALL_HEIGHT)
                    .close("div");
        }
        h.close("div");
    }

    /** One row per cell with telemetry: the numbers behind the charts. */
    static void table(Html h, ResultsDocument doc) {
        if (doc.telemetry().isEmpty()) {
            return;
        }
        h.element("h2", "Where the time went: telemetry of the measured windows");
        CellTelemetry first = doc.telemetry().get(0);
        h.element("p", "Host CPU split over each trial's measured window (mean of the kept trials; user includes "
                + "nice, irq includes softirq; the whole host, so whatever else ran there counts too; \"not counted\" is "
                + "the part of the window /proc/stat books in none of its fields: on a tickless kernel the time "
                + "CPUs spend waking from idle, large when a guest's I/O wakes them thousands of times a second), "
                + "pressure stall as the share of the window some task waited "
                + "(from /proc/pressure totals), the guests' CPU seen from outside against their fair share "
                + "(1/n of what they used together), and steal inside guests with their own kernel. Sampled every "
                + first.period() + "; every sample is in the cell's telemetry.jsonl and telemetry.csv."
                + (first.pressureAbsent() == null ? "" : " Pressure: absent, " + first.pressureAbsent() + "."),
                "class", "note");
        h.open("table").row("th", List.of("workload", "backend", "n", "trials", "window s", "user", "system", "irq",
                "iowait", "steal", "idle", "not counted", "PSI cpu", "PSI io", "PSI mem", "ctxt/s", "guest CPU / fair (min-max)",
                "steal in guests", "guest memory peak"));
        for (CellResult c : doc.cells()) {
            Optional<CellTelemetry> tel = doc.telemetryOf(c.cell().workload(), c.cell().backend(), c.cell().guests());
            if (tel.isEmpty() || kept(tel.get()).isEmpty()) {
                continue;
            }
            List<TrialTelemetry> kept = kept(tel.get());
            CpuSplit s = meanSplit(kept).orElseThrow();
            List<String> row = new ArrayList<>(List.of(c.cell().workload(), c.cell().backend(), Integer.toString(c.cell().guests()),
                    Integer.toString(kept.size()),
                    Format.number(kept.stream().mapToDouble(t -> t.windowNanos() / 1e9).average().orElse(0)),
                    percent(s.user()), percent(s.system()), percent(s.irq()), percent(s.iowait()), percent(s.steal()),
                    percent(s.idle()), percent(s.uncounted())));
            row.add(pressure(kept, p -> p.cpuSome()));
            row.add(pressure(kept, p -> p.ioSome()));
            row.add(pressure(kept, p -> p.memorySome()));
            row.add(Format.number(kept.stream().mapToDouble(TrialTelemetry::contextSwitchesPerSecond).average()
                    .orElse(0)));
            row.add(fairShare(tel.get()).map(f -> Format.ratio(f.lowest()) + "-" + Format.ratio(f.highest()))
                    .orElse(c.cell().guests() < 2 ? "n = 1" : "not watched"));
            row.add(insideSteal(kept));
            row.add(memoryPeak(kept));
            h.row("td", row);
        }
        h.close("table");
    }

    private static String pressure(List<TrialTelemetry> kept, ToDoubleFunction<TrialTelemetry.PressureShares> f) {
        if (kept.stream().anyMatch(t -> t.pressure() == null)) {
            return "absent";
        }
        return percent(kept.stream().mapToDouble(t -> f.applyAsDouble(t.pressure())).average().orElse(0));
    }

    private static String insideSteal(List<TrialTelemetry> kept) {
        double[] steal = kept.stream().flatMap(t -> t.guests().stream()).map(GuestShare::inside)
                .filter(Objects::nonNull).mapToDouble(CpuSplit::steal).toArray();
        if (steal.length == 0) {
            return kept.get(0).guests().stream().map(GuestShare::insideNote).filter(Objects::nonNull)
                    .anyMatch(n -> n.contains("host's kernel")) ? "host's kernel" : "not read";
        }
        return percent(java.util.Arrays.stream(steal).average().orElse(0));
    }

    private static String memoryPeak(List<TrialTelemetry> kept) {
        return kept.stream().flatMap(t -> t.guests().stream()).map(GuestShare::memoryPeakBytes)
                .filter(Objects::nonNull).max(Long::compare).map(Format::bytes).orElse("-");
    }

    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
