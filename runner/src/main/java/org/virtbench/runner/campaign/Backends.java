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
    /** What may follow {@code @} in {@code host@b}: a second label for the same technology (an A/A run). */
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

    private Backends() {
    }

    /**
     * Creates one backend per distinct id, in the order given. An id may carry a label after the
     * technology's name, {@code host@b} or {@code ssh@b:lab.yaml}: the same technology as a second,
     * separately reported backend, so {@code --backend host,host@b} measures host against itself.
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
            String labelled = colon < 0 ? id : id.substring(0, colon);
            String argument = colon < 0 ? "" : id.substring(colon + 1);
            int at = labelled.indexOf('@');
            String name = at < 0 ? labelled : labelled.substring(0, at);
            if (at >= 0 && !LABEL.matcher(labelled.substring(at + 1)).matches()) {
                throw new InvalidOptionsException("--backend " + id + ": a label after @ is letters, digits, - or _, "
                        + "such as " + name + "@b");
            }
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
