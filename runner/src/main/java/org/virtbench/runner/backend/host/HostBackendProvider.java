package org.virtbench.runner.backend.host;

import com.google.auto.service.AutoService;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;

/** Provides the {@code host} backend: bare metal, the baseline. */
@AutoService(BackendProvider.class)
public final class HostBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return HostBackend.ID;
    }

    @Override
    public String description() {
        return "bare-metal Linux, the baseline: each guest is a set of local processes in a directory of its own";
    }

    @Override
    public Backend create(String argument) {
        if (!argument.isEmpty()) {
            throw new IllegalArgumentException("the host backend takes no argument; write --backend host");
        }
        return new HostBackend(HostBackend.DEFAULT_ROOT);
    }
}
