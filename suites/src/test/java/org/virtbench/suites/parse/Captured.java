package org.virtbench.suites.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real outputs of the installed tools, captured on the development machine (Debian 12). */
final class Captured {
    private Captured() {
    }

    /** The resource {@code outputs/<path>}. */
    static String output(String path) {
        try (InputStream in = Captured.class.getResourceAsStream("/outputs/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource outputs/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
