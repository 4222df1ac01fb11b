package org.virtbench.plan;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.annotations.Unit;

/**
 * Everything the runner needs to know about a workload, read from its annotations at compile
 * time. Generated plans return one; the plan index stores one per workload.
 *
 * @param id             the {@code @Workload} name
 * @param workloadClass  the annotated class's binary name
 * @param planClass      the generated plan's binary name
 * @param description    one sentence on what is measured
 * @param unit           unit and direction of the measured value
 * @param repeat         trials per cell
 * @param discard        leading trials left out of the summary
 * @param scales         guest counts; {@code [1]} for a workload without {@code @ScaleVMs}
 * @param params         parameters with their defaults, in declaration order
 * @param requires       what each guest needs
 * @param peer           whether a peer host is needed
 * @param timeoutSeconds per phase, only where the workload set one
 * @param memory         {@code @ScaleVMs.memory}, parsed by the processor at compile time; null when
 *                       the workload leaves it to the campaign (also in an index written before it existed)
 */
public record PlanSpec(String id, String workloadClass, String planClass, String description, Unit unit,
                       int repeat, int discard, List<Integer> scales, List<ParamSpec> params,
                       Requirements requires, boolean peer, Map<Phase, Long> timeoutSeconds, MemoryPolicy memory) {
    public PlanSpec {
        scales = List.copyOf(scales);
        params = List.copyOf(params);
        timeoutSeconds = timeoutSeconds.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(timeoutSeconds));
    }

    /** A spec without a memory policy of its own, as plans generated before it existed build it. */
    public PlanSpec(String id, String workloadClass, String planClass, String description, Unit unit,
                    int repeat, int discard, List<Integer> scales, List<ParamSpec> params,
                    Requirements requires, boolean peer, Map<Phase, Long> timeoutSeconds) {
        this(id, workloadClass, planClass, description, unit, repeat, discard, scales, params, requires, peer,
                timeoutSeconds, null);
    }

    /** The workload's own memory policy, when {@code @ScaleVMs} gives one. */
    public Optional<MemoryPolicy> memoryPolicy() {
        return Optional.ofNullable(memory);
    }

    /** True when the workload carries {@code @ScaleVMs} with more than one guest count. */
    public boolean scalable() {
        return scales.size() > 1 || scales.get(0) != 1;
    }

    /** The limit of a phase: the workload's own or the phase's default. */
    public Duration timeout(Phase phase) {
        Long seconds = timeoutSeconds.get(phase);
        return seconds == null ? phase.defaultTimeout() : Duration.ofSeconds(seconds);
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
