package org.virtbench.runner.backend.qemu;

import com.google.auto.service.AutoService;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;

/** {@code --backend qemu} or {@code qemu:key=value,...}; see {@link QemuSettings} for the options. */
@AutoService(BackendProvider.class)
public final class QemuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "qemu";
    }

    @Override
    public String description() {
        return "QEMU virtual machines, software-emulated (TCG) or hardware-assisted (KVM), commands over SSH;"
                + " options rootfs=, accel=auto|kvm|tcg, cpus=, disk=, boot-timeout=, cache=, work=";
    }

    @Override
    public Backend create(String argument) {
        return new QemuBackend(argument, QemuSettings.parse(argument));
    }
}
