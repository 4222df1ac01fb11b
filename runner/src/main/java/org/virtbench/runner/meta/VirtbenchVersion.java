package org.virtbench.runner.meta;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of virtbench itself, as Maven built it. */
public final class VirtbenchVersion {
    private VirtbenchVersion() {
    }

    /** The project version, such as {@code 0.1.0-SNAPSHOT}; {@code unknown} when the build left no record. */
    public static String current() {
        try (InputStream in = VirtbenchVersion.class.getResourceAsStream("/org/virtbench/runner/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
