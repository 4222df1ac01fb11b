package org.virtbench.runner.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.HostCommands;

/**
 * The host's own distribution, which guest images copy so that guests and host run the same tool
 * versions.
 *
 * @param id           {@code ID} of {@code /etc/os-release}, such as {@code debian}
 * @param codename     {@code VERSION_CODENAME}, such as {@code bookworm}
 * @param architecture dpkg's architecture, such as {@code amd64}
 */
public record HostDistribution(String id, String codename, String architecture) {

    /**
     * Reads {@code /etc/os-release} and asks dpkg for the architecture.
     *
     * @throws ImageException when the host is not Debian or says no codename
     */
    public static HostDistribution detect() {
        Map<String, String> release = osRelease(Path.of("/etc/os-release"));
        CommandResult arch = HostCommands.run("dpkg", "--print-architecture");
        if (!arch.ok()) {
            throw new ImageException("cannot ask dpkg for the architecture (is this a Debian host?): "
                    + arch.output().trim());
        }
        return of(release, arch.stdout().trim());
    }

    /** The distribution described by os-release fields and a dpkg architecture. */
    static HostDistribution of(Map<String, String> osRelease, String architecture) {
        String id = osRelease.getOrDefault("ID", "");
        if (!id.equals("debian")) {
            throw new ImageException("guest images are built with debootstrap from Debian's archive; this host is '"
                    + (id.isEmpty() ? "unknown" : id) + "', not Debian");
        }
        String codename = osRelease.getOrDefault("VERSION_CODENAME", "");
        if (codename.isEmpty()) {
            throw new ImageException("/etc/os-release gives no VERSION_CODENAME (a Debian testing/sid host?); "
                    + "name the release with --release");
        }
        return new HostDistribution(id, codename, architecture);
    }

    /** The {@code KEY=value} pairs of an os-release file, quotes removed. */
    static Map<String, String> osRelease(Path file) {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    String value = line.substring(eq + 1).trim();
                    if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
                        value = value.substring(1, value.length() - 1);
                    }
                    fields.put(line.substring(0, eq).trim(), value);
                }
            }
        } catch (IOException e) {
            throw new ImageException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return fields;
    }
}
