package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A lifecycle method that cleans up after a guest: removes output, stops servers. Runs also when an earlier phase failed, so it must tolerate partial state.
 *
 * <p>The method must be public, non-static, return {@code void}, and take as parameters either
 * {@code (Guest guest)}, or, for a {@link Peer} workload, {@code (Guest guest, PeerHost peer)} or
 * {@code (PeerHost peer)} alone. A method taking only the peer runs once on the peer, not once
 * per guest. Several methods of one level run in declaration order.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Teardown {
    /** When the method runs. Default: {@link Level#PROVISIONING}, once per provisioning. */
    Level value() default Level.PROVISIONING;
}
