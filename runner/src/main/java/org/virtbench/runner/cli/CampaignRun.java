package org.virtbench.runner.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.virtbench.backend.Backend;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.engine.CampaignEngine;
import org.virtbench.runner.engine.CampaignOutcome;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.CellPlan;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.meta.HostMetadataCollector;
import org.virtbench.runner.meta.HostMemory;
import org.virtbench.runner.report.ReportFormat;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.results.ResultsBuilder;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsWriter;
import org.virtbench.runner.stats.Interval;

/**
 * Runs a checked campaign in its output directory: journal, engine, and {@code results.json}
 * rewritten after every cell (so an interrupted campaign still has results up to its last cell)
 * and once more at the end.
 */
final class CampaignRun {
    /** Held while a process runs the campaign, so that two cannot append to one journal. */
    static final String LOCK = ".lock";

    private final CliEnvironment env;
    private final CampaignSettings settings;
    private final Path dir;
    private final Map<String, Backend> backends;
    private final List<CellPlan> cells;
    private final List<PlanSpec> specs;
    private Set<ReportFormat> formats = Reports.DEFAULT;

    CampaignRun(CliEnvironment env, CampaignSettings settings, Path dir, Map<String, Backend> backends,
                List<CellPlan> cells) {
        this.env = env;
        this.settings = settings;
        this.dir = dir;
        this.backends = backends;
        this.cells = cells;
        this.specs = cells.stream().flatMap(c -> c.specs().stream()).distinct().toList();
    }

    /** What the end of the campaign writes beside the results; {@link Reports#DEFAULT} unless told. */
    CampaignRun formats(Set<ReportFormat> value) {
        formats = Set.copyOf(value);
        return this;
    }

    int execute() throws IOException {
        try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(lockFile)) {
            if (lock == null) {
                throw new UsageException(dir + " is being run by another virtbench process; wait for it to end");
            }
            return runLocked();
        }
    }

    /** The lock, or null when another process (or another run in this JVM) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private int runLocked() throws IOException {
        Path journalFile = dir.resolve(Journal.FILE);
        JournalState previous = Files.exists(journalFile) ? new JournalState(Journal.read(journalFile))
                : JournalState.empty();
        HostMetadata host = HostMetadataCollector.collect(
                specs.stream().flatMap(s -> s.requires().commands().stream()).toList(),
                specs.stream().flatMap(s -> s.requires().packages().stream()).toList());
        List<CellKey> keys = cells.stream().map(CellPlan::cell).toList();
        env.err().println("virtbench: " + keys.size() + " cell(s), output in " + dir
                + (previous.finishedCells().isEmpty() ? "" : "; " + previous.finishedCells().size()
                + " finished earlier"));
        CampaignOutcome outcome;
        try (Journal journal = Journal.open(journalFile)) {
            ProgressListener progress = new ResultsOnEachCell(new TerminalProgress(env.err()), journalFile, host, keys);
            CampaignEngine engine = new CampaignEngine(settings, backends, journal, previous,
                    HostMemory.totalBytes(), progress, dir);
            outcome = engine.run(cells);
        }
        ResultsDocument results = writeResults(journalFile, host, keys, Instant.now().toString());
        printSummary(results);
        env.err().println("virtbench: results in " + dir.resolve(ResultsDocument.FILE) + ", journal in "
                + journalFile);
        writeReports(results);
        if (outcome.interrupted()) {
            return 130;
        }
        return outcome.failed() > 0 ? 1 : 0;
    }

    private ResultsDocument writeResults(Path journalFile, HostMetadata host, List<CellKey> keys, String ended) {
        try {
            ResultsDocument doc = ResultsBuilder.build(settings, host, keys, new JournalState(Journal.read(journalFile)),
                    ended, specs);
            ResultsWriter.write(doc, dir.resolve(ResultsDocument.FILE));
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(ResultsDocument.FILE) + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The report of the finished (or interrupted) campaign. A report that cannot be drawn does not
     * fail the campaign: its results are safe, and {@code virtbench report DIR} can be run again.
     */
    private void writeReports(ResultsDocument results) {
        try {
            List<Path> files = Reports.write(results, dir, formats);
            files.stream().filter(f -> f.getFileName().toString().endsWith(".html")).findFirst()
                    .ifPresent(f -> env.err().println("virtbench: report in " + f));
        } catch (IOException | RuntimeException | Error e) {
            env.err().println("virtbench: the report could not be written (" + Main.oneLine(String.valueOf(
                    e.getMessage())) + "); the results are complete: run 'virtbench report " + dir + "' again");
        }
    }

    /**
     * One line a cell; cells of n > 1 (and mixed cells) add the scale figures: the aggregate and
     * per-guest mean (medians over the kept trials), Jain's fairness, the contributing guests and
     * the largest start skew.
     */
    private void printSummary(ResultsDocument results) {
        boolean scale = results.cells().stream().anyMatch(c -> c.guests() > 1);
        env.out().printf("%-24s %-10s %4s %-10s %14s %10s %13s", "workload", "backend", "n", "unit", "median",
                "relative", "trials range");
        if (scale) {
            env.out().printf(" %14s %14s %8s %7s %9s", "aggregate", "per-guest", "fairness", "guests", "skew ms");
        }
        env.out().printf("  %s%n", "status");
        for (ResultsDocument.CellResult c : results.cells()) {
            Interval range = c.relative() == null ? null : c.relative().range();
            env.out().printf(Locale.ROOT, "%-24s %-10s %4d %-10s %14s %10s %13s", c.workload(), c.backend(),
                    c.guests(), c.unit() == null ? "" : c.unit(),
                    c.summary() == null ? "-" : String.format(Locale.ROOT, "%.4f", c.summary().median()),
                    c.relative() == null ? "-" : String.format(Locale.ROOT, "%.3f", c.relative().value()),
                    range == null ? "-" : String.format(Locale.ROOT, "%.3f-%.3f", range.low(), range.high()));
            if (scale) {
                ResultsDocument.ScaleResult d = c.scaleDetail();
                env.out().printf(Locale.ROOT, " %14s %14s %8s %7s %9s", number(d == null ? null : d.aggregate(), "%.4f"),
                        number(d == null ? null : d.perGuestMean(), "%.4f"),
                        number(d == null ? null : d.jainFairness(), "%.4f"),
                        d == null || d.contributingGuests() == null ? "-" : d.contributingGuests() + "/" + c.guests(),
                        number(d == null || d.maxStartSkewNanos() == null ? null : d.maxStartSkewNanos() / 1e6, "%.3f"));
            }
            boolean same = c.relative() != null && c.relative().indistinguishable()
                    && !c.backend().equals(results.campaign().baseline());
            env.out().printf("  %s%n", c.status() + (same ? ", not distinguishable from bare metal" : ""));
            if (c.mix() != null) {
                for (ResultsDocument.MixResult m : c.mix()) {
                    env.out().printf(Locale.ROOT, "  %-22s guests %d-%d: per-guest %s %s, alone %s, relative to alone %s%n",
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

    /** Rewrites the results after each cell, then passes the event on. */
    private final class ResultsOnEachCell implements ProgressListener {
        private final ProgressListener next;
        private final Path journalFile;
        private final HostMetadata host;
        private final List<CellKey> keys;

        ResultsOnEachCell(ProgressListener next, Path journalFile, HostMetadata host, List<CellKey> keys) {
            this.next = next;
            this.journalFile = journalFile;
            this.host = host;
            this.keys = keys;
        }

        @Override
        public void cellStarted(int index, int total, CellKey cell) {
            next.cellStarted(index, total, cell);
        }

        @Override
        public void cellSkipped(int index, int total, CellKey cell) {
            next.cellSkipped(index, total, cell);
        }

        @Override
        public void trialStarted(CellKey cell, int trial, int planned) {
            next.trialStarted(cell, trial, planned);
        }

        @Override
        public void cellFinished(CellKey cell, CellStatus status, String reason) {
            next.cellFinished(cell, status, reason);
            writeResults(journalFile, host, keys, null);
        }
    }
}
