package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a workload a scalability workload: it is run concurrently in each of these numbers of
 * guests, started together, and its aggregate (mean per-guest result times n for a throughput,
 * total time of the n guests for a time) is reported against n. Without this annotation a workload
 * runs in one guest only. The numbers must be positive and strictly ascending; {@code --scale}
 * overrides them at run time.
 *
 * <p>Each guest's memory comes from a {@link org.virtbench.plan.MemoryPolicy}: {@link #memory()}
 * when given, unless the command line or Maven configuration sets one ({@code --vm-memory}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ScaleVMs {
    /** The guest counts, positive and strictly ascending, such as {@code {1, 2, 4, 8, 16, 32}}. */
    int[] value();

    /**
     * The memory policy of this workload's guests, written as on the command line: {@code paper}
     * (the paper's Table 4, {@code min(2039 MiB, 3244 MiB / n)}), {@code default} (that shape scaled
     * to the host's memory) or {@code total=SIZE[,cap=SIZE]}; see
     * {@link org.virtbench.plan.MemoryPolicy}. The processor rejects anything else. Default: empty,
     * meaning the campaign's policy ({@code --vm-memory}, else {@code default}).
     */
    String memory() default "";
}
