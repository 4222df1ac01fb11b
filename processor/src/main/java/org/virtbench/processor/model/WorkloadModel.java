package org.virtbench.processor.model;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import org.virtbench.annotations.Unit;
import org.virtbench.plan.Requirements;

/**
 * One {@code @Workload} class as written, valid or not: the validator decides, the generator uses
 * only valid ones.
 *
 * @param type          the class
 * @param annotation    its {@code @Workload}
 * @param name          {@code @Workload.name}, the workload's id
 * @param namePosition  where the name is written
 * @param unit          {@code @Workload.unit}
 * @param description   {@code @Workload.description}
 * @param binaryName    the class's binary name ({@code p.Outer$Inner})
 * @param packageName   the class's package, empty for the unnamed package
 * @param planSimpleName the generated plan's simple name: enclosing names and this one joined by
 *                      {@code _}, then {@code _VirtbenchPlan}
 * @param shape         the class's declaration
 * @param repeat        {@code @Repeat}, if present
 * @param discard       {@code @DiscardFirst}, if present
 * @param scales        {@code @ScaleVMs}, if present
 * @param memory        {@code @ScaleVMs.memory}, the memory policy as written, if given (not empty)
 * @param requires      {@code @Requires}, {@link Requirements#NONE} without it
 * @param peer          whether {@code @Peer} is present
 * @param timeout       the class-level {@code @Timeout}, if present
 * @param params        the {@code @Param} fields, in declaration order
 * @param methods       the annotated methods, in declaration order
 */
public record WorkloadModel(TypeElement type, AnnotationMirror annotation, String name,
                            Optional<AnnotationValue> namePosition, Unit unit, String description,
                            String binaryName, String packageName, String planSimpleName, ClassShape shape,
                            Optional<Setting<Integer>> repeat, Optional<Setting<Integer>> discard,
                            Optional<Setting<List<Integer>>> scales, Optional<Setting<String>> memory,
                            Requirements requires, boolean peer,
                            Optional<TimeoutModel> timeout, List<ParamModel> params,
                            List<LifecycleMethodModel> methods) {
    /** Trials when {@code @Repeat} is absent: the paper's method. */
    public static final int DEFAULT_REPEAT = 4;
    /** Leading trials discarded when {@code @DiscardFirst} is absent. */
    public static final int DEFAULT_DISCARD = 1;

    public WorkloadModel {
        params = List.copyOf(params);
        methods = List.copyOf(methods);
    }

    /** The number of trials, {@code @Repeat}'s or the default. */
    public int repeatValue() {
        return repeat.map(Setting::value).orElse(DEFAULT_REPEAT);
    }

    /** The number of discarded trials, {@code @DiscardFirst}'s or the default. */
    public int discardValue() {
        return discard.map(Setting::value).orElse(DEFAULT_DISCARD);
    }

    /** The plan's binary name, in the workload's package. */
    public String planBinaryName() {
        return packageName.isEmpty() ? planSimpleName : packageName + "." + planSimpleName;
    }
}
