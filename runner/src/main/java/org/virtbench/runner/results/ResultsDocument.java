package org.virtbench.runner.results;

import java.util.List;
import java.util.Map;
import org.virtbench.annotations.Direction;
import org.virtbench.guest.GuestFacts;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.meta.TransportOverhead;
import org.virtbench.runner.stats.Relative;
import org.virtbench.runner.stats.ScaleAggregate;
import org.virtbench.runner.stats.Summary;

/**
 * {@code results.json}: the journal summarized, schema version {@value #SCHEMA_VERSION}. Numbers
 * are JSON numbers; what is absent or undefined is null, never a string such as {@code "NaN"}.
 */
public record ResultsDocument(int schemaVersion, Campaign campaign, HostMetadata host, List<BackendResult> backends,
                              List<CellResult> cells, List<WorkloadResult> workloads) {
    /** The schema this version writes. */
    public static final int SCHEMA_VERSION = 1;
    /** The results file's name in the output directory. */
    public static final String FILE = "results.json";

    /** Copies the lists; a file written before {@code workloads} existed reads with none. */
    public ResultsDocument {
        backends = List.copyOf(backends);
        cells = List.copyOf(cells);
        workloads = workloads == null ? List.of() : List.copyOf(workloads);
    }

    /** A document without workload descriptions, as written before they were recorded. */
    public ResultsDocument(int schemaVersion, Campaign campaign, HostMetadata host, List<BackendResult> backends,
                           List<CellResult> cells) {
        this(schemaVersion, campaign, host, backends, cells, List.of());
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
     * One cell: a workload on a backend in n guests.
     *
     * @param unit              the unit's symbol, such as {@code s} or {@code Mbit/s}
     * @param status            {@code completed}, {@code failed} or {@code not-run}
     * @param reason            why it failed, or what went wrong in an otherwise completed cell; null if nothing
     * @param dynamicRepetition what rigorous mode's dynamic repetition did; null when it did not act
     * @param summary           over the kept samples of every guest pooled; null when none holds a value
     * @param perGuest          each guest's kept samples summarized, by guest index; null entries for
     *                          guests without a value
     * @param scale             the n guests taken together, for n > 1 when every guest has a value
     * @param relative          against the baseline backend at the same n ({@code native / virtual}
     *                          for a time, {@code virtual / native} for a throughput); null without
     *                          a completed baseline cell
     * @param maxStartSkewNanos the largest start skew of the guests over the trials
     */
    public record CellResult(String workload, String backend, int guests, String unit, Direction direction,
                             String status, String reason, Map<String, String> params, Integer repeat,
                             Integer discard, Integer trialsRun, String dynamicRepetition,
                             Long memoryPerGuestBytes, Summary summary, List<Summary> perGuest,
                             ScaleAggregate scale, Relative relative, Long maxStartSkewNanos,
                             List<SampleResult> samples, Map<String, String> provisioningFacts,
                             List<GuestFacts> guestFacts) {
    }

    /** One sample, as journaled, without the raw output (the journal keeps it). */
    public record SampleResult(int guest, int trial, Double value, boolean discarded, String status, String reason,
                               Long hostStartNanos, Long hostEndNanos, Map<String, Double> secondary) {
    }
}
