package org.virtbench.runner.backend.libvirt;

import com.google.auto.service.AutoService;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;

/** {@code --backend libvirt:URI} or {@code libvirt:URI#key=value&...}; see {@link LibvirtSettings}. */
@AutoService(BackendProvider.class)
public final class LibvirtBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "libvirt";
    }

    @Override
    public String description() {
        return "transient libvirt domains on a local or remote host (qemu:///system, qemu+ssh://host/system), commands over"
                + " SSH; options after '#': domain-type=, cpus=, boot-timeout=, rootfs=, pool=, bridge=, addresses=, template=";
    }

    @Override
    public Backend create(String argument) {
        return new LibvirtBackend(argument, LibvirtSettings.parse(argument));
    }
}
