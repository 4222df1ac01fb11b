package org.virtbench.processor.model;

import java.util.concurrent.TimeUnit;
import javax.lang.model.element.AnnotationMirror;

/**
 * One {@code @Timeout}, on a class or a lifecycle method.
 *
 * @param value      the limit as written, in {@code unit}
 * @param unit       the unit as written
 * @param annotation the annotation, for errors
 */
public record TimeoutModel(long value, TimeUnit unit, AnnotationMirror annotation) {

    /**
     * The limit in whole seconds, rounded up so that a sub-second limit never becomes 0, and
     * saturated at {@link Long#MAX_VALUE}. Meaningful only when {@code value > 0}.
     */
    public long seconds() {
        long whole = unit.toSeconds(value);
        boolean remainder = unit.toNanos(value) != TimeUnit.SECONDS.toNanos(whole);
        return remainder && whole < Long.MAX_VALUE ? whole + 1 : whole;
    }
}
