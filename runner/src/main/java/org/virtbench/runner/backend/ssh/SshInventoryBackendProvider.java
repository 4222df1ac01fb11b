package org.virtbench.runner.backend.ssh;

import com.google.auto.service.AutoService;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;

/** {@code --backend ssh:INVENTORY} or {@code ssh:INVENTORY#GROUP}; see {@link Inventory} for the file. */
@AutoService(BackendProvider.class)
public final class SshInventoryBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "ssh";
    }

    @Override
    public String description() {
        return "machines that already exist (Xen, VirtualBox, OpenVZ, anything with sshd), listed in an inventory:"
                + " ssh:inventory.yaml or ssh:inventory.yaml#group";
    }

    @Override
    public Backend create(String argument) {
        return SshInventoryBackend.parse(argument);
    }
}
