package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a workload: something virtbench runs on bare metal and in every guest, and
 * normalizes against bare metal.
 *
 * <p>The class must be public, top-level or a static nested class, not abstract, with a public
 * no-argument constructor, and have exactly one {@link Measure} method. The annotation processor
 * generates an execution plan for it at compile time and rejects anything else on the element.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Workload {
    /**
     * The workload's id: a slug of lower-case letters, digits and single dashes
     * ({@code bzip2}, {@code sysbench-oltp}), unique across everything compiled together. It is
     * what {@code --include} matches and what reports print. No default.
     */
    String name();

    /** The unit of the measured value, which also says whether lower or higher is better. No default. */
    Unit unit();

    /** One sentence on what is measured and how, for {@code virtbench list}. Default: empty. */
    String description() default "";
}
