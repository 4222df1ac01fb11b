package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a workload a scalability workload: it is run concurrently in each of these numbers of
 * guests, started together, and its aggregate (mean per-guest result times n) is reported against
 * n. Without this annotation a workload runs in one guest only. The numbers must be positive and
 * strictly ascending; {@code --scale} overrides them at run time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ScaleVMs {
    /** The guest counts, positive and strictly ascending, such as {@code {1, 2, 4, 8, 16, 32}}. */
    int[] value();
}
