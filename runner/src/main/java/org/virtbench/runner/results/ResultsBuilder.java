package org.virtbench.runner.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.annotations.Direction;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.journal.SampleStatus;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.meta.VirtbenchVersion;
import org.virtbench.runner.stats.LevelSplit;
import org.virtbench.runner.stats.Relative;
import org.virtbench.runner.stats.ScaleAggregate;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.stats.Summary;

/**
 * Summarizes a journal into a {@link ResultsDocument}: per cell the kept samples (ok and not
 * discarded) of the attempt that finished, their summary, and the value relative to the
 * {@value #BASELINE} backend at the same n. A pure function of its inputs.
 */
public final class ResultsBuilder {
    /** The backend every other is normalized against: bare metal. */
    public static final String BASELINE = "host";
    /** The status of a cell left out of the campaign's time budget. */

    private ResultsBuilder() {
    }

    /**
     * @param cells the campaign's cells, in run order; cells the journal does not show finished
     *              appear as {@code not-run}
     * @param ended when the campaign ended, or null while it has not
     */
    public static ResultsDocument build(CampaignSettings settings, HostMetadata host, List<CellKey> cells,
                                        JournalState journal, String ended) {
        return build(settings, host, cells, journal, ended, List.of());
    }

    /**
     * As {@link #build(CampaignSettings, HostMetadata, List, JournalState, String)}, recording the
     * campaign's workloads as their plans declare them.
     *
     * @param specs the plans of the campaign's workloads
     */
    public static ResultsDocument build(CampaignSettings settings, HostMetadata host, List<CellKey> cells,
                                        JournalState journal, String ended, List<PlanSpec> specs) {
        // complete: every cell ran, or was left out of the budget on purpose (and says so)
        boolean complete = cells.stream().allMatch(c -> journal.finish(c).isPresent() || journal.leftOut(c).isPresent());
        boolean rigorous = settings.stats() == StatsMode.RIGOROUS;
        List<String> resumed = journal.starts().stream().filter(JournalEntry.CampaignStarted::resumed)
                .map(JournalEntry.CampaignStarted::at).toList();
        ResultsDocument.Campaign campaign = new ResultsDocument.Campaign(VirtbenchVersion.current(),
                settings.commandLine(), settings.started(), complete ? ended : null, resumed, complete,
                settings.profile(), settings.stats().name().toLowerCase(java.util.Locale.ROOT),
                rigorous ? settings.maxRelativeStdDev() : null,
                rigorous ? CampaignSettings.REPETITION_CAP : null, BASELINE);
        List<ResultsDocument.BackendResult> backends = new ArrayList<>();
        for (String id : settings.backends()) {
            JournalEntry.BackendCalibrated b = journal.backends().get(id);
            backends.add(b == null ? new ResultsDocument.BackendResult(id, null, Map.of(), null)
                    : new ResultsDocument.BackendResult(id, b.technology(), b.probeFacts(), b.overhead()));
        }
        Map<CellKey, double[]> pooled = new LinkedHashMap<>();
        for (CellKey cell : cells) {
            pooled.put(cell, keptValues(journal, cell, -1));
        }
        List<ResultsDocument.CellResult> results = new ArrayList<>();
        for (CellKey cell : cells) {
            results.add(cell(cell, journal, pooled, settings.stats(), settings.provisioningCount()));
        }
        List<ResultsDocument.WorkloadResult> workloads = specs.stream().distinct()
                .map(s -> new ResultsDocument.WorkloadResult(s.id(), s.description(), s.unit().symbol(),
                        s.unit().direction(), s.requires().packages(), s.requires().commands(), s.scales()))
                .toList();
        return new ResultsDocument(ResultsDocument.SCHEMA_VERSION, campaign, host, backends, results, workloads);
    }

    private static ResultsDocument.CellResult cell(CellKey cell, JournalState journal, Map<CellKey, double[]> pooled,
                                                   StatsMode mode, int provisionings) {
        Optional<JournalEntry.CellFinished> end = journal.finish(cell);
        if (end.isEmpty()) {
            // left out of a time budget (with the command that runs it), or not reached before the campaign ended
            return journal.leftOut(cell).map(l -> ResultsDocument.CellResult.notRun(cell, ResultsDocument.Status.LEFT_OUT,
                    l.reason() + "; run it with: " + l.command())).orElse(ResultsDocument.CellResult.notRun(cell));
        }
        JournalEntry.CellFinished finish = end.get();
        Optional<JournalEntry.CellStarted> start = journal.ofCell(cell, JournalEntry.CellStarted.class).stream()
                .findFirst();
        List<JournalEntry.MixPart> mix = start.map(JournalEntry.CellStarted::mix).orElse(List.of());
        // the values of a mixed cell's workloads have different units: they are not pooled, aggregated or normalized
        Direction direction = mix.isEmpty() ? start.map(JournalEntry.CellStarted::direction).orElse(null) : null;
        double[] kept = pooled.get(cell);
        Summary summary = kept.length == 0 || !mix.isEmpty() ? null : Statistics.summarize(kept, mode);
        List<Summary> perGuest = new ArrayList<>();
        for (int g = 0; g < cell.guests(); g++) {
            double[] values = keptValues(journal, cell, g);
            perGuest.add(values.length == 0 ? null : Statistics.summarize(values, mode));
        }
        ResultsDocument.ScaleResult detail = ScaleResults.of(cell, journal, direction, mode);
        ScaleAggregate scale = ScaleResults.medians(detail);
        Relative relative = null;
        CellKey baseline = new CellKey(cell.workload(), BASELINE, cell.guests());
        double[] base = pooled.get(baseline);
        if (base != null && base.length > 0 && kept.length > 0 && direction != null
                && journal.finish(baseline).map(f -> f.status() == CellStatus.COMPLETED).orElse(false)) {
            relative = Statistics.relative(kept, base, direction, mode)
                    .withRounds(Statistics.roundRatios(trialMeans(journal, cell), trialMeans(journal, baseline),
                            direction));
        }
        List<ResultsDocument.SampleResult> samples = journal.ofCell(cell, JournalEntry.Sample.class).stream()
                .map(ResultsBuilder::sample).toList();
        Long skew = journal.ofCell(cell, JournalEntry.TrialWindow.class).stream()
                .map(JournalEntry.TrialWindow::startSkewNanos).max(Long::compare).orElse(null);
        Integer repeat = start.map(JournalEntry.CellStarted::repeat).orElse(null);
        ResultsDocument.Cell ran = new ResultsDocument.Cell(cell.workload(), cell.backend(), cell.guests(),
                mix.isEmpty() ? start.map(s -> s.unit().symbol()).orElse(null) : null, direction,
                start.map(JournalEntry.CellStarted::params).orElse(Map.of()), repeat,
                start.map(JournalEntry.CellStarted::discard).orElse(null));
        ResultsDocument.Outcome outcome = new ResultsDocument.Outcome(ResultsDocument.Status.of(finish.status()),
                finish.reason(), finish.trialsRun(), finish.repetition());
        ResultsDocument.Figures figures = new ResultsDocument.Figures(summary, perGuest, relative,
                provisionings > 1 && mix.isEmpty() ? levels(journal, cell, provisionings, repeat == null ? 1 : repeat)
                        : null);
        ResultsDocument.Scale together = new ResultsDocument.Scale(scale, detail, skew,
                mix.isEmpty() ? null : ScaleResults.mix(cell, journal, mix));
        ResultsDocument.Provisioned provisioned = new ResultsDocument.Provisioned(
                start.map(JournalEntry.CellStarted::memoryPerGuestBytes).orElse(null),
                start.map(JournalEntry.CellStarted::memoryPolicy).orElse(null), finish.provisioningFacts(),
                finish.guestFacts());
        return new ResultsDocument.CellResult(ran, outcome, figures, together, provisioned, samples);
    }

    /** A journaled sample as results.json lists it: without the raw output, its span flat. */
    private static ResultsDocument.SampleResult sample(JournalEntry.Sample s) {
        JournalEntry.Sample.Span span = s.span();
        return new ResultsDocument.SampleResult(s.guest(), s.trial(), s.outcome().value(), s.discarded(),
                s.outcome().status(), s.outcome().reason(), span == null ? null : span.startNanos(),
                span == null ? null : span.endNanos(), s.secondary(), span == null ? null : span.source(),
                s.guestWorkload());
    }

    /** The kept values grouped by provisioning ({@code repeat} trials each), split into its two levels. */
    private static LevelSplit levels(JournalState journal, CellKey cell, int provisionings, int repeat) {
        List<List<Double>> groups = new ArrayList<>();
        for (int p = 0; p < provisionings; p++) {
            groups.add(new ArrayList<>());
        }
        journal.ofCell(cell, JournalEntry.Sample.class).stream()
                .filter(s -> s.outcome().status() == SampleStatus.OK && !s.discarded() && s.outcome().value() != null)
                .forEach(s -> groups.get(LevelSplit.provisioningOf(s.trial(), repeat, provisionings)).add(s.outcome().value()));
        List<double[]> values = groups.stream().map(g -> g.stream().mapToDouble(Double::doubleValue).toArray())
                .toList();
        return values.stream().allMatch(v -> v.length == 0) ? null : LevelSplit.of(values);
    }

    /** The mean over the guests of each kept trial of a cell's counting attempt, by trial number. */
    private static java.util.SortedMap<Integer, Double> trialMeans(JournalState journal, CellKey cell) {
        if (journal.finish(cell).isEmpty()) {
            return new java.util.TreeMap<>();
        }
        return Statistics.trialMeans(journal.ofCell(cell, JournalEntry.Sample.class).stream()
                .filter(s -> s.outcome().status() == SampleStatus.OK && !s.discarded() && s.outcome().value() != null).toList(),
                JournalEntry.Sample::trial, s -> s.outcome().value());
    }

    /** The kept values of a cell's counting attempt: ok, not discarded; of one guest, or all when {@code guest < 0}. */
    private static double[] keptValues(JournalState journal, CellKey cell, int guest) {
        if (journal.finish(cell).isEmpty()) {
            return new double[0];
        }
        return journal.ofCell(cell, JournalEntry.Sample.class).stream()
                .filter(s -> Statistics.kept(s.outcome().status() == SampleStatus.OK, s.discarded(), s.outcome().value()))
                .filter(s -> guest < 0 || s.guest() == guest)
                .mapToDouble(s -> s.outcome().value()).toArray();
    }
}
