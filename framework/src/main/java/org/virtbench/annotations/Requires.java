package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What must exist in every guest (and on the peer, for a {@link Peer} workload) before the
 * workload runs. The runner checks the commands in each guest before setup; a missing one fails
 * that cell with an error naming the Debian packages to install, and the campaign goes on. Guest
 * images are built with the packages listed here.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Requires {
    /** Debian packages that provide what the workload runs, such as {@code "bzip2"}. Default: none. */
    String[] packages() default {};

    /** Commands that must be found on the guest's {@code PATH}, such as {@code "bzip2"}. Default: none. */
    String[] commands() default {};
}
