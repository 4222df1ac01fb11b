package org.virtbench.runner.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the host's apt configuration: {@code sources.list} and {@code sources.list.d/*.list} in
 * the one-line format, {@code sources.list.d/*.sources} in the deb822 format. Only binary
 * ({@code deb}) entries that are enabled are returned; {@code deb-src} and files with other
 * endings (such as {@code .disabled}) are ignored, as apt ignores them.
 */
public final class AptSources {
    private AptSources() {
    }

    /** Every enabled binary source under {@code etcApt} (normally {@code /etc/apt}), in apt's order. */
    public static List<AptSource> read(Path etcApt) {
        List<AptSource> sources = new ArrayList<>();
        Path main = etcApt.resolve("sources.list");
        if (Files.isRegularFile(main)) {
            sources.addAll(parseOneLine(readQuietly(main)));
        }
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            // apt reads the parts in alphanumeric order
            TreeSet<Path> parts = new TreeSet<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                entries.forEach(parts::add);
            } catch (IOException e) {
                return sources;
            }
            for (Path part : parts) {
                String name = part.getFileName().toString();
                if (name.endsWith(".list")) {
                    sources.addAll(parseOneLine(readQuietly(part)));
                } else if (name.endsWith(".sources")) {
                    sources.addAll(parseDeb822(readQuietly(part)));
                }
            }
        }
        return sources;
    }

    /** Parses the one-line format: {@code deb [options] URI SUITE [COMPONENT...]}. */
    static List<AptSource> parseOneLine(String text) {
        List<AptSource> sources = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = stripComment(raw).trim();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            String rest = line.substring(3).trim();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1).trim();
            }
            String[] words = rest.split("\\s+");
            if (words.length < 2) {
                continue;
            }
            sources.add(new AptSource(words[0], words[1], Arrays.asList(words).subList(2, words.length)));
        }
        return sources;
    }

    /** Parses the deb822 format: stanzas of {@code Field: value} separated by blank lines. */
    static List<AptSource> parseDeb822(String text) {
        List<AptSource> sources = new ArrayList<>();
        for (Map<String, String> stanza : stanzas(text)) {
            List<String> types = words(stanza.get("types"));
            if (!types.contains("deb") || "no".equalsIgnoreCase(stanza.getOrDefault("enabled", "yes").trim())) {
                continue;
            }
            List<String> components = words(stanza.get("components"));
            for (String uri : words(stanza.get("uris"))) {
                for (String suite : words(stanza.get("suites"))) {
                    sources.add(new AptSource(uri, suite, components));
                }
            }
        }
        return sources;
    }

    private static List<Map<String, String>> stanzas(String text) {
        List<Map<String, String>> stanzas = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String lastField = null;
        for (String raw : text.split("\n", -1)) {
            if (raw.startsWith("#")) {
                continue; // a comment line does not end a stanza
            }
            if (raw.isBlank()) {
                if (!current.isEmpty()) {
                    stanzas.add(current);
                    current = new LinkedHashMap<>();
                }
                lastField = null;
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && lastField != null) {
                current.merge(lastField, " " + raw.trim(), String::concat); // continuation line
                continue;
            }
            int colon = raw.indexOf(':');
            if (colon > 0) {
                lastField = raw.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                current.put(lastField, raw.substring(colon + 1).trim());
            }
        }
        if (!current.isEmpty()) {
            stanzas.add(current);
        }
        return stanzas;
    }

    private static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("\\s+"));
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return ""; // an unreadable part is skipped, as apt would fail on it loudly anyway
        }
    }
}
