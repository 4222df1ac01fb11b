package org.virtbench.runner.campaign;

import java.io.PrintStream;
import java.util.Locale;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.Interval;

/** The table a campaign prints at its end. */
final class EndTable {
    private EndTable() {
    }

    /**
     * One line a cell; cells of n > 1 (and mixed cells) add the scale figures: the aggregate and
     * per-guest mean (medians over the kept trials), Jain's fairness, the contributing guests and
     * the largest start skew.
     */
    static void print(ResultsDocument results, PrintStream out) {
        boolean scale = results.cells().stream().anyMatch(c -> c.cell().guests() > 1);
        out.printf("%-24s %-10s %4s %-10s %14s %10s %13s", "workload", "backend", "n", "unit", "median", "relative",
                "trials range");
        if (scale) {
            out.printf(" %14s %14s %8s %7s %9s", "aggregate", "per-guest", "fairness", "guests", "skew ms");
        }
        out.printf("  %s%n", "status");
        for (ResultsDocument.CellResult c : results.cells()) {
            Interval range = c.figures().relative() == null ? null : c.figures().relative().range();
            out.printf(Locale.ROOT, "%-24s %-10s %4d %-10s %14s %10s %13s", c.cell().workload(), c.cell().backend(),
                    c.cell().guests(), c.cell().unit() == null ? "" : c.cell().unit(),
                    c.figures().summary() == null ? "-" : String.format(Locale.ROOT, "%.4f", c.figures().summary().median()),
                    c.figures().relative() == null ? "-" : String.format(Locale.ROOT, "%.3f", c.figures().relative().value()),
                    range == null ? "-" : String.format(Locale.ROOT, "%.3f-%.3f", range.low(), range.high()));
            if (scale) {
                ResultsDocument.ScaleResult d = c.scale().detail();
                out.printf(Locale.ROOT, " %14s %14s %8s %7s %9s", number(d == null ? null : d.aggregate(), "%.4f"),
                        number(d == null ? null : d.perGuestMean(), "%.4f"),
                        number(d == null ? null : d.jainFairness(), "%.4f"),
                        d == null || d.contributingGuests() == null ? "-" : d.contributingGuests() + "/" + c.cell().guests(),
                        number(d == null || d.maxStartSkewNanos() == null ? null : d.maxStartSkewNanos() / 1e6, "%.3f"));
            }
            // the range of the kept trials' ratios reaches 1.0: the median alone would overstate a difference
            boolean same = c.figures().relative() != null && c.figures().relative().indistinguishable()
                    && !c.cell().backend().equals(results.campaign().baseline());
            out.printf("  %s%n", c.outcome().status().label() + (same ? ", not distinguishable from bare metal" : ""));
            if (c.scale().mix() != null) {
                for (ResultsDocument.MixResult m : c.scale().mix()) {
                    out.printf(Locale.ROOT, "  %-22s guests %d-%d: per-guest %s %s, alone %s, relative to alone %s%n",
                            m.workload(), m.firstGuest(), m.firstGuest() + m.guests() - 1,
                            number(m.perGuestMedian(), "%.4f"), m.unit(), number(m.soloPerGuestMedian(), "%.4f"),
                            number(m.relativeToSolo(), "%.3f"));
                }
            }
        }
    }

    private static String number(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }
}
