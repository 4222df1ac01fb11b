package org.virtbench.runner.telemetry;

import java.util.Optional;

/**
 * A provisioning whose guests can be watched from the host: implemented by backends whose guests
 * are cgroups or processes here (LXC, QEMU). Others are read only from inside.
 */
public interface ObservableGuests {
    /** Where guest {@code index} can be watched from outside; empty when it cannot. */
    Optional<GuestView> outsideView(int index);

    /** The cgroup a container of this name has, found in whichever cgroup layout the host has. */
    static Optional<GuestView> containerCgroup(String cgroupDirectoryName) {
        return Cgroups.find(cgroupDirectoryName).map(c -> c);
    }
}
