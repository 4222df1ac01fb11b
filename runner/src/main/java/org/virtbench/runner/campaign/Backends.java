package org.virtbench.runner.campaign;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;

/** Turns {@code --backend} values into backends through their providers. */
public final class Backends {
    private Backends() {
    }

    /**
     * Creates one backend per distinct id, in the order given.
     *
     * @throws InvalidOptionsException for an unknown name or an argument its provider rejects
     */
    public static Map<String, Backend> create(List<String> ids, List<BackendProvider> providers) {
        Map<String, Backend> backends = new LinkedHashMap<>();
        for (String id : ids) {
            if (backends.containsKey(id)) {
                continue;
            }
            int colon = id.indexOf(':');
            String name = colon < 0 ? id : id.substring(0, colon);
            String argument = colon < 0 ? "" : id.substring(colon + 1);
            BackendProvider provider = find(name, providers).orElseThrow(() -> new InvalidOptionsException(
                    "unknown backend '" + name + "'; available: " + names(providers)));
            try {
                backends.put(id, provider.create(argument));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException("--backend " + id + ": " + e.getMessage());
            }
        }
        return backends;
    }

    /** The provider of a backend name, such as {@code host}. */
    public static Optional<BackendProvider> find(String name, List<BackendProvider> providers) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The names of the providers, sorted, for messages. */
    public static String names(List<BackendProvider> providers) {
        return providers.isEmpty() ? "(none on the class path)"
                : providers.stream().map(BackendProvider::name).sorted().collect(Collectors.joining(", "));
    }
}
