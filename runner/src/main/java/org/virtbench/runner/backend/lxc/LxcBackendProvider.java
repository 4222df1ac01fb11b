package org.virtbench.runner.backend.lxc;

import com.google.auto.service.AutoService;
import java.util.regex.Pattern;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;
import org.virtbench.runner.image.ImageCache;

/** {@code --backend lxc} or {@code --backend lxc:IMAGE}, IMAGE a cached image's hash or a unique prefix of it. */
@AutoService(BackendProvider.class)
public final class LxcBackendProvider implements BackendProvider {
    private static final Pattern HASH_PREFIX = Pattern.compile("[0-9a-f]{1,16}");

    @Override
    public String name() {
        return "lxc";
    }

    @Override
    public String description() {
        return "LXC 5 containers (OS-level): one per guest over an overlay of a cached guest image; lxc:IMAGE picks the image";
    }

    @Override
    public Backend create(String argument) {
        if (!argument.isEmpty() && !HASH_PREFIX.matcher(argument).matches()) {
            throw new IllegalArgumentException("lxc:" + argument + ": the argument is an image hash (see image list)");
        }
        return new LxcBackend(argument, ImageCache.user());
    }
}
