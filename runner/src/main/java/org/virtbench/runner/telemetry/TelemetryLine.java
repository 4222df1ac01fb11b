package org.virtbench.runner.telemetry;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One line of a cell's {@value TelemetryRecorder#FILE}: a header per attempt, a sample per period
 * and at each trial boundary, and a summary per trial. Raw counters are kept as the kernel gives
 * them (cumulative), so anyone can take differences over any span.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = TelemetryLine.Header.class, name = "header"),
    @JsonSubTypes.Type(value = TelemetryLine.Sample.class, name = "sample"),
    @JsonSubTypes.Type(value = TelemetryLine.Trial.class, name = "trial")})
public sealed interface TelemetryLine {
    /**
     * What the lines after it describe, until the next header.
     *
     * @param period         the sampling period as given ({@code 1s}, {@code 250ms})
     * @param cpus           the host's online CPUs
     * @param clockTicks     USER_HZ, the unit of the CPU ticks
     * @param pressureAbsent why the host has no /proc/pressure; null when it has
     * @param guestSources   per guest, where it is watched from outside ({@code cgroup v1 ...},
     *                       {@code process 1234}) or why it is not
     */
    record Header(String workload, String backend, int guests, int attempt, String period, int cpus,
                  long clockTicks, String pressureAbsent, List<String> guestSources) implements TelemetryLine {
    }

    /**
     * The host and the guests at one moment.
     *
     * @param trial    the trial whose measurement runs, or null between measurements
     * @param boundary {@code start} or {@code end} at the edges of a measured window; null for a
     *                 periodic sample
     * @param guests   per guest, its counters from outside; null entries where it cannot be watched
     */
    record Sample(Integer trial, String boundary, HostSnapshot host, List<GuestCounters> guests)
            implements TelemetryLine {
    }

    /** A trial's measured window summarized. */
    record Trial(TrialTelemetry summary) implements TelemetryLine {
    }
}
