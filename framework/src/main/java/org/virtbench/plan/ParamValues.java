package org.virtbench.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resolved value of every parameter of one workload: command line first, then the profile,
 * then the annotation's default. Every value has been checked against its type.
 */
public final class ParamValues {
    private final Map<String, String> values;

    private ParamValues(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Resolves each parameter of {@code spec}.
     *
     * @param profile   {@code paper} or {@code quick} (or any profile a parameter names)
     * @param overrides {@code -p} values; names the workload does not have are ignored here (the
     *                  CLI checks that each override matches some workload)
     * @throws IllegalArgumentException naming the parameter when a value does not convert
     */
    public static ParamValues resolve(PlanSpec spec, String profile, Map<String, String> overrides) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            String value = overrides.containsKey(p.name()) ? overrides.get(p.name()) : p.valueFor(profile);
            try {
                p.check(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(spec.id() + "." + p.name() + ": " + e.getMessage(), e);
            }
            resolved.put(p.name(), value);
        }
        return new ParamValues(resolved);
    }

    /** The value of a parameter, as a string; generated plans convert it. */
    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return value;
    }

    /** All values, sorted by name, for the journal and the results. */
    public Map<String, String> asMap() {
        return new TreeMap<>(values);
    }
}
