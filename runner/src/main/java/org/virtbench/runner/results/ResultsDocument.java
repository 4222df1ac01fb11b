package org.virtbench.runner.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.virtbench.annotations.Direction;
import org.virtbench.guest.GuestFacts;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.meta.TransportOverhead;
import org.virtbench.runner.start.SpanSource;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.SampleStatus;
import org.virtbench.runner.stats.LevelSplit;
import org.virtbench.runner.stats.Relative;
import org.virtbench.runner.stats.ScaleAggregate;
import org.virtbench.runner.stats.Summary;
import org.virtbench.runner.telemetry.CellTelemetry;

/**
 * {@code results.json}: the journal summarized, schema version {@value #SCHEMA_VERSION}. Numbers
 * are JSON numbers; what is absent or undefined is null, never a string such as {@code "NaN"}.
 *
 * @param telemetry each cell's telemetry (trials summarized, a thinned timeline), read from the
 *                  cells' telemetry files; empty with telemetry off
 */
public record ResultsDocument(int schemaVersion, Campaign campaign, HostMetadata host, List<BackendResult> backends,
                              List<CellResult> cells, List<WorkloadResult> workloads,
                              List<CellTelemetry> telemetry) {
    /** The schema this version writes. */
    public static final int SCHEMA_VERSION = 2;
    /** The results file's name in the output directory. */
    public static final String FILE = "results.json";

    /** Copies the lists; a file written before {@code workloads} existed reads with none. */
    public ResultsDocument {
        backends = List.copyOf(backends);
        cells = List.copyOf(cells);
        workloads = workloads == null ? List.of() : List.copyOf(workloads);
        telemetry = telemetry == null ? List.of() : List.copyOf(telemetry);
    }

    /** A document without telemetry, as written before it was recorded. */
    public ResultsDocument(int schemaVersion, Campaign campaign, HostMetadata host, List<BackendResult> backends,
                           List<CellResult> cells, List<WorkloadResult> workloads) {
        this(schemaVersion, campaign, host, backends, cells, workloads, List.of());
    }

    /** This document with the cells' telemetry. */
    public ResultsDocument withTelemetry(List<CellTelemetry> cellTelemetry) {
        return new ResultsDocument(schemaVersion, campaign, host, backends, cells, workloads, cellTelemetry);
    }

    /** The telemetry of one cell, when it was recorded. */
    public java.util.Optional<CellTelemetry> telemetryOf(String workload, String backend, int guests) {
        return telemetry.stream().filter(t -> t.workload().equals(workload) && t.backend().equals(backend)
                && t.guests() == guests).findFirst();
    }

    /** The description of a workload, when the results carry it. */
    public java.util.Optional<WorkloadResult> workload(String id) {
        return workloads.stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /**
     * A workload of the campaign as its plan declares it: what the report needs that the cells do
     * not say, such as which Debian packages provide its tool (the paper's Table 2).
     *
     * @param id          the workload id
     * @param description one sentence on what is measured
     * @param unit        the unit's symbol
     * @param direction   which way the value gets better
     * @param packages    the Debian packages that provide its tools, from {@code @Requires}
     * @param commands    the commands it runs, from {@code @Requires}
     * @param scales      the guest counts it declares
     */
    public record WorkloadResult(String id, String description, String unit, Direction direction,
                                 List<String> packages, List<String> commands, List<Integer> scales) {
        public WorkloadResult {
            packages = packages == null ? List.of() : List.copyOf(packages);
            commands = commands == null ? List.of() : List.copyOf(commands);
            scales = scales == null ? List.of() : List.copyOf(scales);
        }
    }

    /**
     * The campaign as a whole.
     *
     * @param complete          true when every cell has finished; false while running or after an interruption
     * @param ended             when the last cell finished, ISO-8601; null while not complete
     * @param resumed           when the campaign was resumed, ISO-8601, in order
     * @param stats             {@code paper} or {@code rigorous}
     * @param maxRelativeStdDev rigorous mode's threshold for dynamic repetition; null in paper mode
     * @param repetitionCap     rigorous mode's cap, as a multiple of the planned trials; null in paper mode
     * @param baseline          the backend every cell is normalized against
     */
    public record Campaign(String virtbenchVersion, List<String> commandLine, String started, String ended,
                           List<String> resumed, boolean complete, String profile, String stats,
                           Double maxRelativeStdDev, Integer repetitionCap, String baseline) {
    }

    /**
     * A backend used by the campaign.
     *
     * @param transportOverhead its transport's per-command overhead, calibrated on its first cell;
     *                          null when it never provisioned or calibration failed
     */
    public record BackendResult(String id, String technology, Map<String, String> probeFacts,
                                TransportOverhead transportOverhead) {
    }

    /**
     * One cell: a workload on a backend in n guests, in groups that say what each part is: what ran,
     * how it ended, its figures, its n guests taken together, how its guests were provisioned, and
     * its samples.
     *
     * @param cell        what ran: the workload, backend and n, with its unit, parameters and trials
     * @param outcome     how it ended
     * @param figures     its kept samples summarized; empty of figures when none holds a value
     * @param scale       its n guests taken together; empty when no trial ran
     * @param provisioned how its guests were sized and what the backend and guests reported
     * @param samples     every sample, as journaled, without the raw output
     */
    public record CellResult(Cell cell, Outcome outcome, Figures figures, Scale scale, Provisioned provisioned,
                             List<SampleResult> samples) {
        public CellResult {
            samples = samples == null ? List.of() : List.copyOf(samples);
            figures = figures == null ? Figures.NONE : figures;
            scale = scale == null ? Scale.NONE : scale;
            provisioned = provisioned == null ? Provisioned.NONE : provisioned;
        }

        /** A cell of the campaign that has not run (yet): only its key and the status {@code not-run}. */
        public static CellResult notRun(CellKey cell) {
            return notRun(cell, Status.NOT_RUN, null);
        }

        /** A cell that did not run, with its status (such as {@link Status#LEFT_OUT}) and why. */
        public static CellResult notRun(CellKey cell, Status status, String reason) {
            return new CellResult(Cell.of(cell), new Outcome(status, reason, null, null), Figures.NONE, Scale.NONE,
                    Provisioned.NONE, List.of());
        }

        /** The cell's key: workload, backend and n. */
        public CellKey key() {
            return new CellKey(cell.workload(), cell.backend(), cell.guests());
        }

        /** This cell with other figures, as a test or a tool that edits a cell builds it. */
        public CellResult withFigures(Figures other) {
            return new CellResult(cell, outcome, other, scale, provisioned, samples);
        }

        /** This cell with another outcome. */
        public CellResult withOutcome(Outcome other) {
            return new CellResult(cell, other, figures, scale, provisioned, samples);
        }

        /** This cell with other samples. */
        public CellResult withSamples(List<SampleResult> other) {
            return new CellResult(cell, outcome, figures, scale, provisioned, other);
        }
    }

    /** How a cell ended, as {@code results.json} writes it. */
    public enum Status {
        /** Its trials ran and at least one kept sample holds a value. */
        @JsonProperty("completed") COMPLETED,
        /** It could not run, or no kept sample holds a value. */
        @JsonProperty("failed") FAILED,
        /** Its guests do not fit in memory at this n: a finding, not an error (see {@link CellStatus}). */
        @JsonProperty("does-not-fit") DOES_NOT_FIT,
        /** Planned, not reached before the campaign ended. */
        @JsonProperty("not-run") NOT_RUN,
        /** Left out of the time budget ({@code run --budget}). */
        @JsonProperty("left-out") LEFT_OUT;

        /** Its name in {@code results.json}, such as {@code does-not-fit}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The status of a cell the journal says has finished. */
        public static Status of(CellStatus status) {
            return switch (status) {
                case COMPLETED -> COMPLETED;
                case FAILED -> FAILED;
                case DOES_NOT_FIT -> DOES_NOT_FIT;
            };
        }
    }

    /**
     * What a cell ran.
     *
     * @param unit      the unit's symbol, such as {@code s} or {@code Mbit/s}; null for a mixed cell
     *                  (its workloads' units differ) and a cell that did not start
     * @param direction which way the value gets better; null as {@code unit}
     * @param params    the parameters in force
     * @param repeat    the planned trials; null when the cell did not start
     * @param discard   the warm-up trials left out; null when the cell did not start
     */
    public record Cell(String workload, String backend, int guests, String unit, Direction direction,
                       Map<String, String> params, Integer repeat, Integer discard) {
        public Cell {
            params = params == null ? Map.of() : Map.copyOf(params);
        }

        /** A cell known only by its key. */
        public static Cell of(CellKey key) {
            return new Cell(key.workload(), key.backend(), key.guests(), null, null, Map.of(), null, null);
        }
    }

    /**
     * How a cell ended.
     *
     * @param reason            why it failed or did not run, or what went wrong in an otherwise
     *                          completed cell; null if nothing
     * @param trialsRun         the trials that ran; null when it did not start
     * @param dynamicRepetition what rigorous mode's dynamic repetition did; null when it did not act
     */
    public record Outcome(Status status, String reason, Integer trialsRun, String dynamicRepetition) {
    }

    /**
     * A cell's kept samples summarized.
     *
     * @param summary  over the kept samples of every guest pooled; null when none holds a value, and
     *                 for a mixed cell
     * @param perGuest each guest's kept samples summarized, by guest index; null entries for guests
     *                 without a value
     * @param relative against the baseline backend at the same n ({@code native / virtual} for a time,
     *                 {@code virtual / native} for a throughput); null without a completed baseline cell
     * @param levels   under {@code --provisionings K > 1}: the provisioning means, the interval over them
     *                 and how the variance splits between provisionings and trials; else null
     */
    public record Figures(Summary summary, List<Summary> perGuest, Relative relative, LevelSplit levels) {
        /** No figures: a cell without a kept value, or one that did not run. */
        public static final Figures NONE = new Figures(null, List.of(), null, null);

        public Figures {
            perGuest = perGuest == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(perGuest));
        }
    }

    /**
     * A cell's n guests taken together.
     *
     * @param aggregate         the medians over the kept trials of {@link ScaleResult}, with the fewest
     *                          contributing guests as {@code guests}; null without a kept trial with a
     *                          value, and for a mixed cell
     * @param detail            the cell's concurrency trial by trial and summarized: aggregate, per-guest
     *                          mean, fairness, skew, common window, contributing guests; null when no
     *                          trial ran
     * @param maxStartSkewNanos the largest start skew of the guests over the trials
     * @param mix               for a mixed cell ({@code --mix}), each workload's guests against that
     *                          workload alone at the same n; else null
     */
    public record Scale(ScaleAggregate aggregate, ScaleResult detail, Long maxStartSkewNanos, List<MixResult> mix) {
        /** Nothing taken together: no trial ran. */
        public static final Scale NONE = new Scale(null, null, null, null);
    }

    /**
     * How a cell's guests were provisioned.
     *
     * @param memoryPerGuestBytes what the memory policy gave each guest; null when the cell did not start
     * @param memoryPolicy        the memory policy that sized the guests, with its formula on this host
     * @param provisioningFacts   what the backend reported of the provisioning
     * @param guestFacts          what each guest reported of itself
     */
    public record Provisioned(Long memoryPerGuestBytes, String memoryPolicy, Map<String, String> provisioningFacts,
                              List<GuestFacts> guestFacts) {
        /** Nothing provisioned. */
        public static final Provisioned NONE = new Provisioned(null, null, Map.of(), List.of());

        public Provisioned {
            provisioningFacts = provisioningFacts == null ? Map.of() : Map.copyOf(provisioningFacts);
            guestFacts = guestFacts == null ? List.of() : List.copyOf(guestFacts);
        }
    }

    /**
     * A cell's n guests taken together. Per trial, over its contributing guests (those whose sample
     * holds a value): the aggregate as the paper defines it, for a throughput the mean per-guest value
     * times the contributing guests (Figure 10), for a time the total of their times (Figure 12); the
     * per-guest mean; Jain's fairness index; the coefficient of variation across guests; and how
     * together they ran. Summarized over the kept trials by the median, as single cells are (paper mode).
     *
     * @param guests                  n, the guests provisioned
     * @param keptTrials              kept trials (not discarded) with at least one contributing guest
     * @param aggregate               median over the kept trials of the trial aggregate
     * @param perGuestMean            median over the kept trials of the trial per-guest mean
     * @param jainFairness            median over the kept trials of Jain's index, 1 = perfectly even
     * @param coefficientOfVariation  median over the kept trials of the guests' coefficient of variation
     * @param contributingGuests      the fewest contributing guests of a kept trial; less than
     *                                {@code guests} when a guest failed or timed out
     * @param aggregateSummary        the kept trials' aggregates summarized (intervals in rigorous mode)
     * @param medianStartSkewNanos    median over all trials of the start skew (latest minus earliest start
     *                                of the measured commands, host clock)
     * @param maxStartSkewNanos       the largest start skew of any trial
     * @param medianCommonWindowNanos median over all trials of the common window (earliest end minus latest
     *                                start: how long every contributing guest ran at once)
     * @param minCommonWindowNanos    the shortest common window of any trial
     * @param flaggedTrials           trials whose skew exceeded 1% of their shortest measured duration
     * @param trials                  every trial that ran, in order
     * @param maxReleaseSkewNanos     the largest release skew (how together the start gate opened in the
     *                                guests) over the trials that have one (see {@link ScaleTrial})
     */
    public record ScaleResult(int guests, int keptTrials, Double aggregate, Double perGuestMean, Double jainFairness,
                              Double coefficientOfVariation, Integer contributingGuests, Summary aggregateSummary,
                              Long medianStartSkewNanos, Long maxStartSkewNanos, Long medianCommonWindowNanos,
                              Long minCommonWindowNanos, int flaggedTrials, List<ScaleTrial> trials,
                              Long maxReleaseSkewNanos) {
    }

    /**
     * One trial of a cell's n guests.
     *
     * @param contributingGuests guests whose sample holds a value
     * @param failedGuests       guests whose sample failed (died, timed out, failed), by index
     * @param aggregate          see {@link ScaleResult}; null without a contributing guest
     * @param startSkewNanos     latest minus earliest start of the measured commands; null without one
     * @param commonWindowNanos  earliest end minus latest start
     * @param shortestNanos      the shortest measured duration
     * @param skewFraction       the skew over the shortest duration
     * @param skewFlagged        true when the skew exceeded 1% of the shortest duration
     * @param gatedGuests        how many measured commands the start gate released
     * @param releaseSkewNanos   how together the start gate opened in the guests (see
     *                           {@link org.virtbench.runner.journal.JournalEntry.TrialWindow#releaseSkewNanos});
     *                           in older files: latest minus earliest moment the release reached a guest, from
     *                           the guests' own stamps; null unless every contributing guest was gated and stamped
     * @param deliverySkewNanos  latest minus earliest moment the release reached a guest; null in older files
     *                           and unless every contributing guest was gated and stamped
     * @param lateGuests         how many guests the release reached after the common start instant; null in
     *                           older files and without a release skew
     */
    public record ScaleTrial(int trial, boolean discarded, int contributingGuests, List<Integer> failedGuests,
                             Double aggregate, Double perGuestMean, Double jainFairness, Double coefficientOfVariation,
                             Long startSkewNanos, Long commonWindowNanos, Long shortestNanos, Double skewFraction,
                             Boolean skewFlagged, Integer gatedGuests, Long releaseSkewNanos, Long deliverySkewNanos,
                             Integer lateGuests) {
    }

    /**
     * One workload of a mixed cell, against the same workload alone in as many guests as the mix has.
     *
     * @param firstGuest         its first guest; it runs on {@code guests} consecutive ones
     * @param perGuestMedian     median over the kept trials of its guests' mean in that trial
     * @param soloCell           the cell it is normalized against, such as {@code sysbench-oltp @ lxc n=4}
     * @param soloPerGuestMedian that cell's median over its kept trials of the per-guest mean
     * @param relativeToSolo     {@code mixed / solo} for a throughput, {@code solo / mixed} for a time: below
     *                           1 when running beside the other workloads costs it; null without a
     *                           completed solo cell
     * @param perGuest           each of its guests: median of its kept samples and that against the solo cell
     * @param normalization      how {@code relativeToSolo} was computed, in words
     */
    public record MixResult(String workload, int firstGuest, int guests, String unit, Direction direction,
                            Double perGuestMedian, String soloCell, Double soloPerGuestMedian, Double relativeToSolo,
                            List<MixGuest> perGuest, String normalization) {
    }

    /** One guest of a mixed cell: the median of its kept samples, and that against the solo cell. */
    public record MixGuest(int guest, Double median, Double relativeToSolo) {
    }

    /**
     * One sample, as journaled, without the raw output (the journal keeps it).
     *
     * @param span     where its host-clock span was taken; null when failed
     * @param workload in a mixed cell, the workload this guest ran; else null
     */
    public record SampleResult(int guest, int trial, Double value, boolean discarded, SampleStatus status,
                               String reason, Long hostStartNanos, Long hostEndNanos, Map<String, Double> secondary,
                               SpanSource span, String workload) {
        public SampleResult {
            secondary = secondary == null ? Map.of() : Map.copyOf(secondary);
        }

        /** A measured sample. */
        public static SampleResult ok(int guest, int trial, double value, boolean discarded, long hostStartNanos,
                                      long hostEndNanos, Map<String, Double> secondary) {
            return new SampleResult(guest, trial, value, discarded, SampleStatus.OK, null, hostStartNanos,
                    hostEndNanos, secondary, null, null);
        }

        /** A failed sample, and why. */
        public static SampleResult failed(int guest, int trial, boolean discarded, String reason) {
            return new SampleResult(guest, trial, null, discarded, SampleStatus.FAILED, reason, null, null, Map.of(),
                    null, null);
        }

        /** True when it holds a value: the status is ok. */
        public boolean ok() {
            return status == SampleStatus.OK;
        }
    }
}
