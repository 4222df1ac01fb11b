package org.virtbench.runner.backend.ssh;

import java.nio.file.Path;
import java.util.List;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.suites.support.Daemon;

/**
 * A run that a test kills with SIGKILL: provisions one guest of the inventory {@code args[0]},
 * starts a daemon in its work folder as a workload does, prints {@code READY <work folder> <pid>}
 * and waits to be killed, never closing the provisioning.
 */
public final class SshRunHolder {
    private SshRunHolder() {
    }

    public static void main(String[] args) throws Exception {
        Provisioning p = SshInventoryBackend.parse(args[0]).provision(new ProvisionRequest(1, 256L << 20, false, List.of(),
                Path.of(args[1])));
        Guest guest = p.guests().get(0);
        Daemon daemon = Daemon.start(guest, "sleeper", guest.workDir() + "/srv", List.of("sleep", "300"));
        System.out.println("READY " + guest.workDir() + " " + daemon.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
