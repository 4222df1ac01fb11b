package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The measured method: runs once per trial on every guest, and its result is one sample. A
 * workload has exactly one.
 *
 * <p>The method must be public and non-static, take {@code (Guest guest)} or, for a {@link Peer}
 * workload, {@code (Guest guest, PeerHost peer)}, and return a
 * {@link org.virtbench.guest.Measurement}, a {@link java.time.Duration} (converted to the
 * workload's time unit) or a number (a primitive or {@link Number}, taken to be in the workload's
 * unit). Time it with the guest's commands, which are timed on the host's monotonic clock.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Measure {
}
