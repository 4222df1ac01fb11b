package org.virtbench.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One {@link org.virtbench.annotations.Param} of a workload.
 *
 * @param name         the field's name, as given to {@code -p name=value}
 * @param type         {@code String}, {@code int}, {@code long}, {@code double}, {@code boolean},
 *                     {@code size}, {@code duration} or {@code enum}
 * @param enumConstants the allowed values when {@code type} is {@code enum}, else empty
 * @param defaultValue the value of the {@code paper} profile
 * @param profiles     values per other profile ({@code quick}); a profile not listed uses the default
 * @param description  what it controls
 */
public record ParamSpec(String name, String type, List<String> enumConstants, String defaultValue,
                        Map<String, String> profiles, String description) {
    public ParamSpec {
        enumConstants = List.copyOf(enumConstants);
        profiles = Map.copyOf(new TreeMap<>(profiles));
    }

    /** The value under a profile: its own value if it has one, else the default. */
    public String valueFor(String profile) {
        return profiles.getOrDefault(profile, defaultValue);
    }

    /** The profile's own value, if the parameter has one for it. */
    public Optional<String> profileValue(String profile) {
        return Optional.ofNullable(profiles.get(profile));
    }

    /**
     * Checks that a value converts to this parameter's type.
     *
     * @throws IllegalArgumentException saying what is wrong and what is accepted
     */
    public void check(String value) {
        ParamType kind = ParamType.of(type);
        if (kind == ParamType.ENUM) {
            if (enumConstants.stream().noneMatch(c -> c.equalsIgnoreCase(value.trim()))) {
                throw new IllegalArgumentException("'" + value + "' is not one of " + String.join(", ", enumConstants));
            }
        } else {
            kind.check(value);
        }
    }
}
