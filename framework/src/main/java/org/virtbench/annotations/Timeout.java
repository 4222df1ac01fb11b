package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * How long a phase may take before the runner stops it and marks its samples failed. On a
 * {@link Setup}, {@link Measure} or {@link Teardown} method it bounds that phase (several methods
 * of one phase add up); on the class it bounds every phase that has no method-level timeout.
 * Without it: setup 1 hour, measure 6 hours, teardown 10 minutes. Must be positive.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Timeout {
    /** The limit, in {@link #unit()}; must be positive. No default. */
    long value();

    /** The unit of {@link #value()}. Default: seconds. */
    TimeUnit unit() default TimeUnit.SECONDS;
}
