package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many of the first trials are warm-up: run and journaled, but left out of the summary. Without
 * this annotation one trial is discarded, as in the paper. Must be at least 0 and less than the
 * number of trials ({@link Repeat}), so that something is left to summarize; {@code --discard}
 * overrides it at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DiscardFirst {
    /** The number of leading trials to discard, {@code 0 <= value < repeat}. Default: 1. */
    int value() default 1;
}
