package org.virtbench.runner.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import org.virtbench.annotations.Direction;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.GuestFacts;
import org.virtbench.runner.meta.TransportOverhead;
import org.virtbench.runner.start.SpanSource;

/**
 * One line of {@code journal.jsonl}. The {@code type} field says which kind; every kind about a
 * cell carries the cell's workload, backend and guest count flat, so the journal reads well with
 * {@code jq}, and an {@code attempt} number: a cell interrupted by a crash is run again on resume
 * under the next attempt, and only the attempt that finished counts. Instants are ISO-8601 text;
 * nanosecond stamps are {@link System#nanoTime()} of the process that wrote them, comparable only
 * within one attempt.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = JournalEntry.CampaignStarted.class, name = "campaign"),
        @JsonSubTypes.Type(value = JournalEntry.BackendCalibrated.class, name = "backend"),
        @JsonSubTypes.Type(value = JournalEntry.CellStarted.class, name = "cell-start"),
        @JsonSubTypes.Type(value = JournalEntry.Sample.class, name = "sample"),
        @JsonSubTypes.Type(value = JournalEntry.TrialWindow.class, name = "trial"),
        @JsonSubTypes.Type(value = JournalEntry.CellFinished.class, name = "cell-end"),
        @JsonSubTypes.Type(value = JournalEntry.CellLeftOut.class, name = "cell-left-out"),
        @JsonSubTypes.Type(value = JournalEntry.RoundsPlanned.class, name = "rounds")})
public sealed interface JournalEntry {

    /** Written each time a process starts or resumes the campaign. */
    record CampaignStarted(String at, long pid, boolean resumed, List<String> commandLine, String order)
            implements JournalEntry {
        public CampaignStarted {
            commandLine = List.copyOf(commandLine);
        }
    }

    /**
     * Written before the cells of one workload at one guest count run their trials in rounds, one
     * trial on each backend per round.
     *
     * @param backends the backends in the order of the first round
     * @param order    the trial order ({@code interleaved}, {@code random:SEED})
     * @param together true when the guests of every backend stay provisioned across the rounds; false
     *                 when the machine cannot hold them all and each round provisions one backend at a time
     * @param reason   why they do or do not stay together, with the memory figures
     */
    record RoundsPlanned(String workload, int guests, List<String> backends, String order, boolean together,
                         String reason) implements JournalEntry {
        public RoundsPlanned {
            backends = List.copyOf(backends);
        }
    }

    /**
     * A backend's probe facts and its transport's calibrated per-command overhead, written the
     * first time the campaign provisions on it.
     */
    record BackendCalibrated(String backend, String technology, Map<String, String> probeFacts,
                             TransportOverhead overhead) implements JournalEntry {
        public BackendCalibrated {
            probeFacts = Map.copyOf(probeFacts);
        }
    }

    /**
     * A cell begins: what it runs with.
     *
     * @param memoryPerGuestBytes what the memory policy gives each guest at this n
     * @param memoryPolicy        the policy and its formula with this host's numbers, such as
     *                            {@code paper: min(2039 MiB, 3244 MiB / n)}; null in entries written
     *                            before it was recorded
     * @param mix                 the workloads of a mixed cell ({@code --mix}), in guest order; empty
     *                            for a cell of one workload, whose unit, direction and params are the
     *                            cell's own (a mixed cell has its first workload's there)
     */
    record CellStarted(String workload, String backend, int guests, int attempt, String at, Unit unit,
                       Direction direction, Map<String, String> params, int repeat, int discard,
                       long memoryPerGuestBytes, String memoryPolicy, List<MixPart> mix)
            implements JournalEntry, AboutCell {
        public CellStarted {
            params = Map.copyOf(params);
            mix = mix == null ? List.of() : List.copyOf(mix);
        }
    }

    /**
     * One workload of a mixed cell: guests {@code firstGuest} to {@code firstGuest + guests - 1} run it.
     */
    record MixPart(String workload, int firstGuest, int guests, Unit unit, Direction direction,
                   Map<String, String> params) {
        public MixPart {
            params = Map.copyOf(params);
        }

        /** True when guest {@code g} runs this part. */
        public boolean has(int g) {
            return g >= firstGuest && g < firstGuest + guests;
        }
    }

    /**
     * One guest's result of one trial: the sample record. Which sample it is stands flat
     * (cell, attempt, guest, trial, discarded), so the journal reads well with {@code jq}; what it
     * measured is in {@link Outcome}, where on the host's clock in {@link Span}.
     *
     * @param discarded     true for the warm-up trials left out of the summary
     * @param outcome       whether it holds a value, the value, or why not
     * @param span          where the measured span lies on the host's clock; null when failed
     * @param secondary     the workload's secondary figures, such as a tool's own rate
     * @param guestWorkload in a mixed cell ({@code --mix}), the workload this guest ran; else null
     */
    record Sample(String workload, String backend, int guests, int attempt, int guest, int trial, boolean discarded,
                  Outcome outcome, Span span, Map<String, Double> secondary, String guestWorkload)
            implements JournalEntry, AboutCell {
        public Sample {
            secondary = secondary == null ? Map.of() : Map.copyOf(secondary);
        }

        /** True when it holds a value. */
        public boolean ok() {
            return outcome.status() == SampleStatus.OK;
        }

        /**
         * Which sample this is.
         *
         * @param cell      the cell
         * @param attempt   the cell's attempt
         * @param guest     the guest, from 0
         * @param trial     the trial, from 0
         * @param discarded a warm-up trial, left out of the summary
         */
        public record Slot(CellKey cell, int attempt, int guest, int trial, boolean discarded) {
        }

        /**
         * What a sample measured.
         *
         * @param value  the measured value in {@code unit}; null when failed
         * @param unit   the unit the workload declares
         * @param reason why it failed; null when ok
         * @param raw    the output the failure left; null when ok or none (kept small in the journal)
         */
        public record Outcome(SampleStatus status, Double value, Unit unit, String reason, String raw) {
        }

        /**
         * Where a measured span lies on the host's clock, and how it was taken.
         *
         * @param startNanos start of the timed command (or of the measure call)
         * @param endNanos   its end
         * @param source     the start gate's stamps, a timed command, or the measure call; null when unknown
         * @param note       why a gated command's own stamps were not used, when they disagreed; else null
         */
        public record Span(long startNanos, long endNanos, SpanSource source, String note) {
        }

        /**
         * A measured sample.
         *
         * @param guestWorkload in a mixed cell, the workload the guest ran; else null
         */
        public static Sample ok(Slot slot, double value, Unit unit, Map<String, Double> secondary, Span span,
                                String guestWorkload) {
            CellKey c = slot.cell();
            return new Sample(c.workload(), c.backend(), c.guests(), slot.attempt(), slot.guest(), slot.trial(),
                    slot.discarded(), new Outcome(SampleStatus.OK, value, unit, null, null), span, secondary,
                    guestWorkload);
        }

        /**
         * A failed sample: no value, the reason, and what output the failure left (null or empty: none).
         *
         * @param unit          the unit the workload declares
         * @param guestWorkload in a mixed cell, the workload the guest ran; else null
         */
        public static Sample failed(Slot slot, Unit unit, String reason, String raw, String guestWorkload) {
            CellKey c = slot.cell();
            return new Sample(c.workload(), c.backend(), c.guests(), slot.attempt(), slot.guest(), slot.trial(),
                    slot.discarded(), new Outcome(SampleStatus.FAILED, null, unit, reason,
                    raw == null || raw.isEmpty() ? null : raw), null, Map.of(), guestWorkload);
        }
    }

    /**
     * How together the guests of one trial measured, over the guests whose measure returned a value
     * (the contributing guests), on the host's clock:
     *
     * @param measuredGuests      the contributing guests
     * @param startSkewNanos      latest start minus earliest start of the measured commands
     * @param commonWindowNanos   earliest end minus latest start: how long all ran at once
     *                            (negative when they did not all overlap)
     * @param gatedGuests         how many of them the start gate released (the measured command itself,
     *                            already started in the guest); the others were released as threads
     * @param shortestNanos       the shortest measured duration among them; null in entries written
     *                            before it was recorded
     * @param skewFlagged         true when the skew exceeds {@value #SKEW_LIMIT} of the shortest duration:
     *                            the guests did not run together closely enough for their results to be
     *                            taken as concurrent; null in entries written before it was recorded
     * @param releaseSkewNanos    how together the start gate opened in the guests: the widest gap between
     *                            two guests' openings (the common start instant, or the release's arrival
     *                            where that was later), each at the far end of its clock's uncertainty
     *                            ({@link org.virtbench.runner.start.GateOpening#spread}); what the start of
     *                            each guest's command (a wake-up and an exec, which the guests' CPUs do one
     *                            after another) adds comes on top in the start skew. In entries written
     *                            before the delivery skew was recorded: the spread of the release's
     *                            arrivals. Null unless every contributing guest was gated and stamped
     * @param deliverySkewNanos   latest minus earliest moment the release reached a guest (from the
     *                            guests' own stamps): what the hold absorbs; null in older entries, and
     *                            unless every contributing guest was gated and stamped
     * @param lateGuests          how many guests the release reached after the common start instant:
     *                            they started on arrival, late; null in older entries and with the release skew
     */
    record TrialWindow(String workload, String backend, int guests, int attempt, int trial, int measuredGuests,
                       long startSkewNanos, long commonWindowNanos, Integer gatedGuests, Long shortestNanos,
                       Boolean skewFlagged, Long releaseSkewNanos, Long deliverySkewNanos, Integer lateGuests)
            implements JournalEntry, AboutCell {
        /** The largest start skew, as a fraction of the shortest measured duration, that is not flagged. */
        public static final double SKEW_LIMIT = 0.01;

        /** The skew as a fraction of the shortest duration; empty when that was not recorded or is 0. */
        public java.util.Optional<Double> skewFraction() {
            return shortestNanos == null || shortestNanos <= 0 ? java.util.Optional.empty()
                    : java.util.Optional.of((double) startSkewNanos / shortestNanos);
        }
    }

    /**
     * A cell ended, successfully or not. A cell with this entry is never run again on resume.
     *
     * @param trialsPlanned   the repeat count in force
     * @param trialsRun       trials actually run (more than planned under dynamic repetition)
     * @param repetition      what dynamic repetition did and why; null when it did not act
     */
    record CellFinished(String workload, String backend, int guests, int attempt, String at, CellStatus status,
                        String reason, int trialsPlanned, int trialsRun, String repetition,
                        Map<String, String> provisioningFacts, List<GuestFacts> guestFacts)
            implements JournalEntry, AboutCell {
        public CellFinished {
            provisioningFacts = provisioningFacts == null ? Map.of() : Map.copyOf(provisioningFacts);
            guestFacts = guestFacts == null ? List.of() : List.copyOf(guestFacts);
        }
    }

    /**
     * A planned cell that this campaign does not run because it does not fit in the time budget
     * ({@code run --budget}); written before any cell runs. Resume leaves it out too.
     *
     * @param estimateSeconds its estimated cost
     * @param reason          why it was left out, in words
     * @param command         the one command that runs it
     */
    record CellLeftOut(String workload, String backend, int guests, String at, double estimateSeconds, String reason,
                       String command) implements JournalEntry {
        @JsonIgnore
        public CellKey cell() {
            return new CellKey(workload, backend, guests);
        }
    }

    /** The entries that belong to one attempt at one cell. */
    interface AboutCell {
        String workload();

        String backend();

        int guests();

        int attempt();

        @JsonIgnore
        default CellKey cell() {
            return new CellKey(workload(), backend(), guests());
        }
    }
}
