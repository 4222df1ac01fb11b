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
        @JsonSubTypes.Type(value = JournalEntry.CellFinished.class, name = "cell-end")})
public sealed interface JournalEntry {

    /** Written each time a process starts or resumes the campaign. */
    record CampaignStarted(String at, long pid, boolean resumed, List<String> commandLine) implements JournalEntry {
        public CampaignStarted {
            commandLine = List.copyOf(commandLine);
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

    /** A cell begins: what it runs with. */
    record CellStarted(String workload, String backend, int guests, int attempt, String at, Unit unit,
                       Direction direction, Map<String, String> params, int repeat, int discard,
                       long memoryPerGuestBytes) implements JournalEntry, AboutCell {
        public CellStarted {
            params = Map.copyOf(params);
        }
    }

    /**
     * One guest's result of one trial: the sample record.
     *
     * @param value          the measured value in {@code unit}; null when failed
     * @param discarded      true for the warm-up trials left out of the summary
     * @param reason         why it failed; null when ok
     * @param hostStartNanos host clock at the start of the timed command (or of the measure call)
     * @param hostEndNanos   host clock at its end
     * @param raw            the output the failure left; null when ok (kept small in the journal)
     * @param secondary      the workload's secondary figures, such as a tool's own rate
     */
    record Sample(String workload, String backend, int guests, int attempt, int guest, int trial, Double value,
                  Unit unit, boolean discarded, SampleStatus status, String reason, Long hostStartNanos,
                  Long hostEndNanos, String raw, Map<String, Double> secondary) implements JournalEntry, AboutCell {
        public Sample {
            secondary = secondary == null ? Map.of() : Map.copyOf(secondary);
        }
    }

    /**
     * How together the guests of one trial measured: {@code startSkewNanos} = latest minus earliest
     * start, {@code commonWindowNanos} = earliest end minus latest start (negative when the
     * measurements did not overlap at all). Only guests whose measure returned count.
     */
    record TrialWindow(String workload, String backend, int guests, int attempt, int trial, int measuredGuests,
                       long startSkewNanos, long commonWindowNanos) implements JournalEntry, AboutCell {
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
