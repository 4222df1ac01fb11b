package org.virtbench.processor.model;

import javax.lang.model.element.AnnotationMirror;
import org.virtbench.annotations.Level;
import org.virtbench.plan.Phase;

/**
 * One of {@code @Setup}, {@code @Measure} or {@code @Teardown} on a method.
 *
 * @param phase      which of the three it is
 * @param level      the annotation's level; {@link Level#TRIAL} for {@code @Measure}, which runs once per trial
 * @param annotation the annotation, for errors
 */
public record LifecycleAnnotation(Phase phase, Level level, AnnotationMirror annotation) {

    /** The annotation as source writes it, for messages: {@code @Setup}, {@code @Measure}, {@code @Teardown}. */
    public String display() {
        return switch (phase) {
            case SETUP -> "@Setup";
            case MEASURE -> "@Measure";
            case TEARDOWN -> "@Teardown";
        };
    }
}
