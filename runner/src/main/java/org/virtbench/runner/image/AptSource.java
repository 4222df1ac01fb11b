package org.virtbench.runner.image;

import java.util.List;
import java.util.Objects;

/**
 * One binary package repository as apt sees it: a mirror URI, one suite, its components.
 *
 * @param uri        the mirror, without a trailing slash ({@code http://deb.debian.org/debian})
 * @param suite      the suite or codename ({@code bookworm}, {@code bookworm-security})
 * @param components the archive areas ({@code main}, {@code non-free})
 */
public record AptSource(String uri, String suite, List<String> components) {
    public AptSource {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(suite, "suite");
        uri = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        components = List.copyOf(components);
    }

    /** This source with other components. */
    public AptSource withComponents(List<String> newComponents) {
        return new AptSource(uri, suite, newComponents);
    }

    /** The one-line {@code sources.list} form: {@code deb URI SUITE COMPONENTS...}. */
    public String sourcesListLine() {
        return "deb " + uri + " " + suite + " " + String.join(" ", components);
    }
}
