package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A workload setting, set on the field before any lifecycle method runs. Values are written as
 * strings and converted to the field's type: {@code String}, {@code int}, {@code long},
 * {@code double}, {@code boolean}, an enum (by constant name), {@link org.virtbench.plan.DataSize}
 * ({@code 433MiB}, {@code 64MB}, {@code 1GiB}, plain bytes) or {@link java.time.Duration}
 * ({@code 300s}, {@code 5m}, {@code 250ms}, {@code 1h}, ISO-8601 {@code PT5M}).
 *
 * <p>The field must not be private, final or static. Its value resolves, first match wins, from
 * the command line or Maven configuration ({@code -p name=value}), then the selected profile, then
 * {@link #value()}. The parameter's name is {@link #name()}, by default the field's name.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Param {
    /** The default value, used by the {@code paper} profile: the paper's own size. No default. */
    String value();

    /**
     * The value under the {@code quick} profile, small enough that the whole suite runs in minutes.
     * Default: empty, meaning the same as {@link #value()}.
     */
    String quick() default "";

    /** What the parameter controls, for {@code virtbench list}. Default: empty. */
    String description() default "";

    /**
     * The parameter's name as {@code -p name=value} gives it: words of letters and digits, each
     * starting with a letter, joined by dots or dashes, such as {@code sysbench.database}, so that a
     * parameter can be named after the tool it sets. Unique among the workload's parameters.
     * Default: empty, meaning the field's name.
     */
    String name() default "";
}
