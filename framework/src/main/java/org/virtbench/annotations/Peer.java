package org.virtbench.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The workload needs a second machine on a real network path, such as the server side of netperf
 * or an rsync daemon. The backend provides it as a {@link org.virtbench.guest.PeerHost}: on one
 * machine a network namespace joined to the guests by veth, or a remote host given with
 * {@code --peer}. Lifecycle methods may then take the peer as a parameter. No elements.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Peer {
}
