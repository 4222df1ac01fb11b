package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many trials to run in the same guests. Without this annotation a workload runs 4 trials,
 * the paper's method. Must be at least 1; {@code --repeat} overrides it at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Repeat {
    /** The number of trials, at least 1. Default: 4. */
    int value() default 4;
}
