package org.virtbench.runner.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.virtbench.runner.results.ResultsBuilder;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.results.ResultsDocument.SampleResult;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.transport.ssh.ClockDrift;

/**
 * What a reader must not miss: failed cells and samples, outliers, guests that started apart, and
 * guest clocks that disagreed with the host's. Flags are shown, never acted on: every kept sample
 * still counts in the figures.
 */
final class Flags {
    /**
     * A start skew is flagged above this share of the cell's median measured span: beyond it the
     * guests did not run the same window of time.
     */
    static final double SKEW_LIMIT = 0.01;
    /**
     * A secondary figure of a sample holding the guest clock's drift against the host's over the
     * measured command, {@code guest span / host span - 1}; flagged beyond {@link #DRIFT_LIMIT}.
     */
    static final String DRIFT_FIGURE = ClockDrift.DRIFT_FIGURE;
    /** The drift beyond which a guest clock is flagged: 1 %. */
    static final double DRIFT_LIMIT = ClockDrift.DEFAULT_LIMIT;

    private Flags() {
    }

    /** What kind of problem. */
    enum Kind {
        FAILED_CELL("failed cell"), NOT_RUN("not run"), LEFT_OUT("left out"), FAILED_SAMPLE("failed sample"), OUTLIER("outlier"),
        START_SKEW("start skew"), CLOCK_DRIFT("clock drift");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * One flag.
     *
     * @param guest  the guest index; -1 when the flag is about the whole cell
     * @param trial  the trial index; -1 when the flag is about the whole cell
     * @param detail what was seen, in words
     */
    record Flag(Kind kind, String workload, String backend, int guests, int guest, int trial, String detail) {
    }

    /** Every flag of the results, cell by cell. */
    static List<Flag> of(ResultsDocument doc) {
        List<Flag> flags = new ArrayList<>();
        for (CellResult c : doc.cells()) {
            if (c.outcome().status() == ResultsDocument.Status.NOT_RUN) {
                flags.add(cellFlag(Kind.NOT_RUN, c, "the campaign ended before this cell"));
            } else if (c.outcome().status() == ResultsDocument.Status.LEFT_OUT) {
                flags.add(cellFlag(Kind.LEFT_OUT, c, c.outcome().reason() == null ? "left out of the time budget" : c.outcome().reason()));
            } else if (c.outcome().status() != ResultsDocument.Status.COMPLETED) {
                // failed, or any status a later engine adds (a cell that does not fit in memory): its own word
                flags.add(cellFlag(Kind.FAILED_CELL, c, (c.outcome().status() == ResultsDocument.Status.FAILED ? "" : c.outcome().status().label() + ": ")
                        + (c.outcome().reason() == null ? "no reason recorded" : c.outcome().reason())));
            }
            for (SampleResult s : c.samples()) {
                if (!s.ok()) {
                    flags.add(new Flag(Kind.FAILED_SAMPLE, c.cell().workload(), c.cell().backend(), c.cell().guests(), s.guest(), s.trial(),
                            s.reason() == null ? "no reason recorded" : s.reason()));
                }
                clockDrift(c, s, flags);
            }
            outliers(c, flags);
            skew(c, flags);
        }
        return flags;
    }

    /**
     * A sample whose guest clock ran more than {@link #DRIFT_LIMIT} off the host's over its measured
     * command, beyond what the way the two times were taken explains (the figure's uncertainty).
     */
    private static void clockDrift(CellResult c, SampleResult s, List<Flag> flags) {
        Double drift = s.secondary() == null ? null : s.secondary().get(DRIFT_FIGURE);
        if (drift == null) {
            return;
        }
        double uncertainty = s.secondary().getOrDefault(ClockDrift.UNCERTAINTY_FIGURE, 0.0);
        if (!new ClockDrift(1.0 + drift, uncertainty).flagged(DRIFT_LIMIT)) {
            return;
        }
        Double guest = s.secondary().get(ClockDrift.GUEST_FIGURE);
        Double host = s.secondary().get(ClockDrift.HOST_FIGURE);
        String times = guest == null || host == null ? ""
                : String.format(Locale.ROOT, " (%.4f s on the guest's clock, %.4f s on the host's)", guest, host);
        flags.add(new Flag(Kind.CLOCK_DRIFT, c.cell().workload(), c.cell().backend(), c.cell().guests(), s.guest(), s.trial(),
                String.format(Locale.ROOT, "the guest's clock ran %+.2f%% against the host's%s, limit %.0f%% "
                        + "beyond an uncertainty of %.2f%%; the span is the guest's unless its source says otherwise", drift * 100, times,
                        DRIFT_LIMIT * 100, uncertainty * 100)));
    }

    private static Flag cellFlag(Kind kind, CellResult c, String detail) {
        return new Flag(kind, c.cell().workload(), c.cell().backend(), c.cell().guests(), -1, -1, detail);
    }

    /** Samples named one by one in a cell's outlier flag; the rest are counted. */
    static final int OUTLIERS_LISTED = 5;

    /**
     * One flag per cell whose summary found outliers (indexes into the kept samples, in journal
     * order): a single outlier names its guest and trial, several are listed in the detail.
     */
    private static void outliers(CellResult c, List<Flag> flags) {
        if (c.figures().summary() == null) {
            return;
        }
        List<SampleResult> kept = kept(c);
        TreeSet<Integer> indexes = new TreeSet<>(c.figures().summary().madOutliers());
        indexes.addAll(c.figures().summary().tukeyOutliers());
        indexes.removeIf(i -> i >= kept.size());
        if (indexes.isEmpty()) {
            return;
        }
        List<String> listed = new ArrayList<>();
        for (int i : indexes) {
            if (listed.size() == OUTLIERS_LISTED) {
                listed.add("and " + (indexes.size() - OUTLIERS_LISTED) + " more");
                break;
            }
            SampleResult s = kept.get(i);
            String rules = c.figures().summary().madOutliers().contains(i) && c.figures().summary().tukeyOutliers().contains(i)
                    ? "MAD, Tukey" : c.figures().summary().madOutliers().contains(i) ? "MAD" : "Tukey";
            listed.add(Format.number(s.value()) + " " + c.cell().unit()
                    + (indexes.size() == 1 ? "" : " (guest " + s.guest() + ", trial " + s.trial() + ")")
                    + " [" + rules + "]");
        }
        String detail = String.format(Locale.ROOT, "%d of %d kept samples beyond a fence, against a median of %s %s: "
                + "%s; kept in the summary", indexes.size(), kept.size(), Format.number(c.figures().summary().median()),
                c.cell().unit(), String.join(", ", listed));
        SampleResult only = kept.get(indexes.first());
        flags.add(indexes.size() == 1
                ? new Flag(Kind.OUTLIER, c.cell().workload(), c.cell().backend(), c.cell().guests(), only.guest(), only.trial(), detail)
                : cellFlag(Kind.OUTLIER, c, detail));
    }

    /** The kept samples: ok, not discarded, with a value; the order the summary's indexes refer to. */
    static List<SampleResult> kept(CellResult c) {
        return c.samples().stream().filter(s -> Statistics.kept(s.ok(), s.discarded(), s.value()))
                .toList();
    }

    private static void skew(CellResult c, List<Flag> flags) {
        if (c.cell().guests() < 2 || c.scale().maxStartSkewNanos() == null) {
            return;
        }
        double[] spans = kept(c).stream().filter(s -> s.hostStartNanos() != null && s.hostEndNanos() != null)
                .mapToDouble(s -> s.hostEndNanos() - s.hostStartNanos()).sorted().toArray();
        if (spans.length == 0) {
            return;
        }
        double median = Statistics.median(spans);
        if (c.scale().maxStartSkewNanos() > SKEW_LIMIT * median) {
            flags.add(cellFlag(Kind.START_SKEW, c, String.format(Locale.ROOT,
                    "the guests started up to %.2f ms apart, %.1f%% of a median measured span of %.1f ms (limit %.0f%%)",
                    c.scale().maxStartSkewNanos() / 1e6, 100.0 * c.scale().maxStartSkewNanos() / median, median / 1e6,
                    SKEW_LIMIT * 100)));
        }
    }

    /** True when any sample carries the guest clock's drift: the report then says none was flagged. */
    static boolean driftRecorded(ResultsDocument doc) {
        return doc.cells().stream().flatMap(c -> c.samples().stream()).map(SampleResult::secondary)
                .anyMatch(m -> m != null && m.containsKey(DRIFT_FIGURE));
    }
}
