package org.virtbench.runner.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;

/** Turns {@code --backend} values into backends through their providers. */
final class Backends {
    private Backends() {
    }

    /**
     * Creates one backend per distinct id, in the order given.
     *
     * @throws UsageException for an unknown name or an argument its provider rejects
     */
    static Map<String, Backend> create(List<String> ids, List<BackendProvider> providers) {
        Map<String, Backend> backends = new LinkedHashMap<>();
        for (String id : ids) {
            if (backends.containsKey(id)) {
                continue;
            }
            int colon = id.indexOf(':');
            String name = colon < 0 ? id : id.substring(0, colon);
            String argument = colon < 0 ? "" : id.substring(colon + 1);
            BackendProvider provider = find(name, providers).orElseThrow(() -> new UsageException(
                    "unknown backend '" + name + "'; available: " + names(providers)));
            try {
                backends.put(id, provider.create(argument));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--backend " + id + ": " + e.getMessage());
            }
        }
        return backends;
    }

    static Optional<BackendProvider> find(String name, List<BackendProvider> providers) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    static String names(List<BackendProvider> providers) {
        return providers.isEmpty() ? "(none on the class path)"
                : providers.stream().map(BackendProvider::name).sorted().collect(Collectors.joining(", "));
    }
}
