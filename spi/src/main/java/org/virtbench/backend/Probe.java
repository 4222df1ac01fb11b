package org.virtbench.backend;

import java.util.Map;
import java.util.Optional;

/**
 * Whether a backend can run here and, if not, exactly why.
 *
 * @param available true when provisioning can be tried
 * @param reason    what is missing and how to fix it; empty when available
 * @param facts     what the probe learned (versions, accelerator), for the results
 */
public record Probe(boolean available, String reason, Map<String, String> facts) {
    public Probe {
        facts = Map.copyOf(facts);
    }

    public static Probe available(Map<String, String> facts) {
        return new Probe(true, "", facts);
    }

    public static Probe unavailable(String reason) {
        return new Probe(false, reason, Map.of());
    }

    /** The reason, when not available. */
    public Optional<String> whyNot() {
        return available ? Optional.empty() : Optional.of(reason);
    }
}
