package org.virtbench.plan;

import java.util.List;

/**
 * What a workload needs in each guest, from {@link org.virtbench.annotations.Requires}.
 *
 * @param packages Debian packages that provide it
 * @param commands commands that must be on the PATH
 */
public record Requirements(List<String> packages, List<String> commands) {
    public static final Requirements NONE = new Requirements(List.of(), List.of());

    public Requirements {
        packages = List.copyOf(packages);
        commands = List.copyOf(commands);
    }

    /** The line that installs the packages, for error messages and {@code virtbench doctor}. */
    public String installHint() {
        return packages.isEmpty() ? "" : "apt-get install " + String.join(" ", packages);
    }
}
