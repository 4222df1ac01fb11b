package org.virtbench.processor;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.plan.ParamSpec;
import org.virtbench.plan.Phase;
import org.virtbench.plan.PlanSpec;
import org.virtbench.processor.model.LifecycleMethodModel;
import org.virtbench.processor.model.ParamModel;
import org.virtbench.processor.model.Setting;
import org.virtbench.processor.model.WorkloadModel;

/**
 * Turns a valid {@link WorkloadModel} into its {@link PlanSpec}: the one value both the generated
 * plan's {@code spec()} and the plan index are made from, so the two cannot disagree.
 */
final class PlanSpecs {
    /** The profile that {@code @Param.quick} sets a value for. */
    static final String QUICK = "quick";

    private PlanSpecs() {
    }

    /** The spec of a workload the validator accepted. */
    static PlanSpec of(WorkloadModel w) {
        List<ParamSpec> params = w.params().stream().map(PlanSpecs::param).toList();
        List<Integer> scales = w.scales().map(Setting::value).orElse(List.of(1));
        return new PlanSpec(w.name(), w.binaryName(), w.planBinaryName(), w.description(), w.unit(),
                w.repeatValue(), w.discardValue(), scales, params, w.requires(), w.peer(), timeouts(w),
                w.memory().map(Setting::value).map(MemoryPolicy::parse).orElse(null));
    }

    private static ParamSpec param(ParamModel p) {
        Map<String, String> profiles = p.quick().isEmpty() ? Map.of() : Map.of(QUICK, p.quick());
        return new ParamSpec(p.paramName(), p.kind().orElseThrow().specName(), p.enumConstants(), p.defaultValue(),
                profiles, p.description());
    }

    /**
     * Method-level limits add up per phase; the class-level limit fills every phase without one.
     * Phases set by neither stay out, so the runner applies its defaults.
     */
    static Map<Phase, Long> timeouts(WorkloadModel w) {
        Map<Phase, Long> seconds = new EnumMap<>(Phase.class);
        for (LifecycleMethodModel m : w.methods()) {
            m.timeout().ifPresent(t -> seconds.merge(m.role().phase(), t.seconds(), PlanSpecs::saturatedAdd));
        }
        w.timeout().ifPresent(t -> {
            for (Phase phase : Phase.values()) {
                seconds.putIfAbsent(phase, t.seconds());
            }
        });
        return seconds;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // both are positive, so an overflow shows as a negative sum
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
