package org.virtbench.runner.campaign;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.virtbench.backend.Backend;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.budget.Budget;
import org.virtbench.runner.budget.CellEstimate;
import org.virtbench.runner.budget.CostModel;
import org.virtbench.runner.budget.Eta;
import org.virtbench.runner.budget.LeftOutCells;
import org.virtbench.runner.engine.CampaignEngine;
import org.virtbench.runner.engine.CampaignOutcome;
import org.virtbench.runner.engine.CampaignPlanner;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.CellPlan;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.journal.JournalWriteException;
import org.virtbench.runner.meta.HostMemory;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.meta.HostMetadataCollector;
import org.virtbench.runner.report.ReportFormat;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.results.ResultsBuilder;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsWriter;
import org.virtbench.runner.telemetry.TelemetryFiles;

/**
 * Runs a campaign from its options: the one way in for the command line, the Maven plugin, the
 * quickstart and the harness benchmarks. It checks everything that can be checked before anything
 * runs (backends exist and can run here, the cells plan, the folder is free), takes the folder's
 * lock, runs the engine with the journal, rewrites {@code results.json} after every cell (so an
 * interrupted campaign still has results up to its last cell) and writes the reports at the end.
 *
 * <pre>{@code
 * CampaignResult result = new CampaignRunner(environment).run(CampaignOptions.builder()
 *         .backends("host").include("^bzip2$").profile(Profile.QUICK).build());
 * System.exit(result.exitStatus());
 * }</pre>
 */
public final class CampaignRunner {
    /** Held while a process runs the campaign, so that two cannot append to one journal. */
    public static final String LOCK = ".lock";

    private final CampaignEnvironment env;

    public CampaignRunner(CampaignEnvironment env) {
        this.env = env;
    }

    /**
     * Runs (or, with {@link CampaignOptions#resume()}, continues) the campaign.
     *
     * @throws InvalidOptionsException before anything runs, with one line that says what to do
     * @throws IOException             when the campaign's folder cannot be written
     */
    public CampaignResult run(CampaignOptions options) throws IOException {
        if (options.resume().isPresent()) {
            Path dir = options.resume().get();
            OutputFolder.check(dir, "--resume");
            CampaignSettings settings = readSettings(dir);
            return execute(settings, dir, prepare(settings, Optional.empty()), Reports.DEFAULT, false);
        }
        Path dir = options.output().orElseGet(() -> env.resultsRoot().resolve(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidOptionsException("--out " + dir + " is a file; give a directory (it is created if missing)");
        }
        OutputFolder.check(dir, "--out");
        refuseExistingCampaign(dir);
        CampaignSettings settings = options.settings(Instant.now().toString());
        Prepared prepared = prepare(settings, options.budget());
        Files.createDirectories(dir);
        OutputFolder.check(dir, "--out"); // made by someone else between the check and now?
        return execute(settings, dir, prepared, options.formats(), true);
    }

    /** Refuses a folder that holds a campaign, running or not; checked before anything is written. */
    private static void refuseExistingCampaign(Path dir) {
        if (Files.exists(dir.resolve(Journal.FILE), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(dir.resolve(CampaignSettings.FILE), LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidOptionsException(dir + " already holds a campaign; continue it with --resume " + dir
                    + " or give another --out");
        }
    }

    private static CampaignSettings readSettings(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CampaignSettings.FILE))) {
            throw new InvalidOptionsException(dir + " holds no " + CampaignSettings.FILE
                    + ", so it is not a campaign to resume; give the --out directory of an earlier run");
        }
        try {
            return CampaignSettings.read(dir);
        } catch (IOException e) {
            throw new InvalidOptionsException(dir.resolve(CampaignSettings.FILE) + " cannot be read ("
                    + InvalidOptionsException.oneLine(e.getMessage()) + "); it is not a campaign to resume");
        }
    }

    private record Prepared(Map<String, Backend> backends, List<CellPlan> cells, Budget.Fit fit) {
    }

    /**
     * Everything that can be checked before running: backends exist and can run, the cells plan, and
     * under a budget at least one cell fits. Every cell is estimated.
     */
    private Prepared prepare(CampaignSettings settings, Optional<Duration> budget) {
        Map<String, Backend> created = Backends.create(settings.backends(), env.providers());
        List<CellPlan> cells;
        try {
            cells = CampaignPlanner.plan(settings, env.catalog().get());
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionsException(e.getMessage());
        }
        for (Backend backend : created.values()) {
            backend.probe().whyNot().ifPresent(why -> {
                throw new InvalidOptionsException("backend " + backend.id() + " cannot run here: " + why);
            });
        }
        // what a killed run left would hold names, ports and memory this run needs: as 'virtbench clean'
        for (Backend backend : created.values()) {
            backend.sweepLeftovers().forEach(line -> env.err().println("virtbench: removed what a dead run left: "
                    + backend.id() + ": " + InvalidOptionsException.oneLine(line)));
        }
        Map<String, String> technologies = new LinkedHashMap<>();
        created.forEach((id, backend) -> technologies.put(id, backend.technology()));
        CostModel model = CostModel.forCampaign(settings.profile(), technologies, env.resultsRoot());
        Budget.Fit fit = budget.map(limit -> Budget.fit(cells, model, limit, settings))
                .orElseGet(() -> Budget.all(cells, model));
        if (fit.kept().isEmpty()) {
            throw new InvalidOptionsException("no cell fits in --budget " + CellEstimate.words(budget.orElseThrow())
                    .substring(1) + "; the cheapest is estimated at " + fit.leftOut().stream()
                    .map(l -> l.estimate().total()).min(Duration::compareTo).map(CellEstimate::words).orElse("?")
                    + ": give a longer budget or fewer cells (--include, --scale)");
        }
        return new Prepared(created, cells, fit);
    }

    /**
     * Runs the campaign under the folder's lock. A fresh campaign's settings are written only
     * once the lock is held and the folder is still free: another run may have passed the same
     * checks a moment ago.
     *
     * @throws JournalWriteException when the journal or the results cannot be written (disk full):
     *                               the campaign stopped and can be resumed once the cause is gone
     */
    private CampaignResult execute(CampaignSettings settings, Path dir, Prepared prepared, Set<ReportFormat> formats,
                                   boolean fresh) throws IOException {
        try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS); FileLock lock = tryLock(lockFile)) {
            if (lock == null) {
                throw new InvalidOptionsException(dir + " is being run by another virtbench process; wait for it to end");
            }
            if (fresh) {
                refuseExistingCampaign(dir);
                settings.write(dir);
            }
            return new Locked(settings, dir, prepared.cells(), prepared.fit()).run(prepared.backends(), formats);
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

    /** One campaign in its locked folder. */
    private final class Locked {
        private final CampaignSettings settings;
        private final Path dir;
        private final Path journalFile;
        private final List<CellPlan> cells;
        private final List<CellKey> keys;
        private final List<PlanSpec> specs;
        private final Budget.Fit fit;
        private HostMetadata host;
        /** The journal's entries: those read at the start, then each one as it is written. */
        private final List<JournalEntry> entries = new ArrayList<>();

        Locked(CampaignSettings settings, Path dir, List<CellPlan> cells, Budget.Fit fit) {
            this.settings = settings;
            this.fit = fit;
            this.dir = dir;
            this.journalFile = dir.resolve(Journal.FILE);
            this.cells = cells;
            this.keys = cells.stream().map(CellPlan::cell).toList();
            this.specs = cells.stream().flatMap(c -> c.specs().stream()).distinct().toList();
        }

        CampaignResult run(Map<String, Backend> backends, Set<ReportFormat> formats) throws IOException {
            ResultsWriter.checkReplaceable(dir.resolve(ResultsDocument.FILE));
            JournalState previous = Files.exists(journalFile) ? new JournalState(Journal.read(journalFile))
                    : JournalState.empty();
            // the journal is read once: from here on the entries this process appends are kept as they are written
            entries.addAll(previous.entries());
            host = HostMetadataCollector.collect(
                    specs.stream().flatMap(s -> s.requires().commands().stream()).toList(),
                    specs.stream().flatMap(s -> s.requires().packages().stream()).toList());
            Set<CellKey> leftOut = LeftOutCells.of(previous, fit);
            env.err().println("virtbench: " + keys.size() + " cell(s), output in " + dir
                    + (previous.finishedCells().isEmpty() ? "" : "; " + previous.finishedCells().size()
                    + " finished earlier") + (leftOut.isEmpty() ? "" : "; " + leftOut.size() + " left out"));
            fit.lines().forEach(line -> env.err().println("virtbench: " + line));
            CampaignOutcome outcome;
            // An interrupted campaign (Ctrl-C, SIGTERM) still writes its results and report: the JVM's
            // shutdown waits for them, after the engine has released the guests (ProcessScope).
            try (ReportOnShutdown reportOnShutdown = new ReportOnShutdown(env)) {
                try (Journal journal = Journal.open(journalFile)) {
                    journal.observe(this::written);
                    LeftOutCells.journal(journal, previous, fit);
                    ProgressListener progress = new ResultsOnEachCell(new TerminalProgress(env.err(),
                            Optional.of(new Eta(withoutLeftOut(fit.byCell(), leftOut)))));
                    CampaignEngine engine = new CampaignEngine(settings, backends, journal, previous,
                            HostMemory.totalBytes(), progress, dir);
                    outcome = engine.run(cells.stream().filter(c -> !leftOut.contains(c.cell())).toList());
                }
                return finish(outcome, formats);
            }
        }

        private static Map<CellKey, CellEstimate> withoutLeftOut(Map<CellKey, CellEstimate> estimates, Set<CellKey> leftOut) {
            Map<CellKey, CellEstimate> run = new LinkedHashMap<>(estimates);
            run.keySet().removeAll(leftOut);
            return run;
        }

        private CampaignResult finish(CampaignOutcome outcome, Set<ReportFormat> formats) {
            ResultsDocument results = writeResults(Instant.now().toString());
            EndTable.print(results, env.out());
            env.err().println("virtbench: results in " + dir.resolve(ResultsDocument.FILE) + ", journal in "
                    + journalFile);
            writeReports(results, formats);
            return new CampaignResult(dir, outcome, results);
        }

        private void written(JournalEntry entry) {
            synchronized (entries) {
                entries.add(entry);
            }
        }

        /** The journal as written so far, indexed in one pass over the entries in memory. */
        private JournalState journalSoFar() {
            synchronized (entries) {
                return new JournalState(entries);
            }
        }

        private ResultsDocument writeResults(String ended) {
            try {
                ResultsDocument doc = ResultsBuilder.build(settings, host, keys, journalSoFar(), ended, specs)
                        .withTelemetry(TelemetryFiles.read(dir));
                ResultsWriter.write(doc, dir.resolve(ResultsDocument.FILE));
                return doc;
            } catch (IOException e) {
                throw new JournalWriteException(dir, e);
            }
        }

        /**
         * The report of the finished (or interrupted) campaign. A report that cannot be drawn does not
         * fail the campaign: its results are safe, and {@code virtbench report DIR} can be run again.
         */
        private void writeReports(ResultsDocument results, Set<ReportFormat> formats) {
            try {
                List<Path> files = Reports.write(results, dir, formats);
                files.stream().filter(f -> f.getFileName().toString().endsWith(".html")).findFirst()
                        .ifPresent(f -> env.err().println("virtbench: report in " + f));
            } catch (IOException | RuntimeException | Error e) {
                env.err().println("virtbench: the report could not be written (" + InvalidOptionsException.oneLine(
                        String.valueOf(e.getMessage())) + "); the results are complete: run 'virtbench report " + dir
                        + "' again");
            }
        }

        /** Rewrites the results after each cell, then passes the event on. */
        private final class ResultsOnEachCell implements ProgressListener {
            private final ProgressListener next;

            ResultsOnEachCell(ProgressListener next) {
                this.next = next;
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
                writeResults(null);
            }
        }
    }
}
