package org.virtbench.runner.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptSourcesTest {
    @Test
    void oneLineFormatSkipsCommentsSourceEntriesAndOptions() {
        String text = """
                # the archive
                deb http://deb.debian.org/debian/ bookworm main contrib # trailing comment
                deb-src http://deb.debian.org/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://security.debian.org/debian-security bookworm-security main
                #deb http://disabled.example/debian bookworm main
                """;
        assertEquals(List.of(
                        new AptSource("http://deb.debian.org/debian", "bookworm", List.of("main", "contrib")),
                        new AptSource("http://security.debian.org/debian-security", "bookworm-security", List.of("main"))),
                AptSources.parseOneLine(text));
    }

    @Test
    void deb822GivesOneSourcePerUriAndSuiteAndHonoursEnabled() {
        String text = """
                Types: deb deb-src
                # a comment inside the stanza
                URIs: http://deb.debian.org/debian
                Suites: bookworm bookworm-updates
                Components: main
                 non-free
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://off.example/debian
                Suites: bookworm
                Components: main
                Enabled: no

                Types: deb-src
                URIs: http://src.example/debian
                Suites: bookworm
                Components: main
                """;
        assertEquals(List.of(
                        new AptSource("http://deb.debian.org/debian", "bookworm", List.of("main", "non-free")),
                        new AptSource("http://deb.debian.org/debian", "bookworm-updates", List.of("main", "non-free"))),
                AptSources.parseDeb822(text));
    }

    @Test
    void readsListAndSourcesPartsInOrderAndIgnoresOtherEndings(@TempDir Path etc) throws IOException {
        Files.writeString(etc.resolve("sources.list"), "deb http://a.example/debian bookworm main\n");
        Path parts = Files.createDirectories(etc.resolve("sources.list.d"));
        Files.writeString(parts.resolve("b.sources"), "Types: deb\nURIs: http://b.example/debian\nSuites: bookworm\nComponents: main\n");
        Files.writeString(parts.resolve("a.list"), "deb http://c.example/debian bookworm-security main\n");
        Files.writeString(parts.resolve("z.list.disabled-by-admin"), "deb http://d.example/debian bookworm main\n");
        assertEquals(List.of("http://a.example/debian", "http://c.example/debian", "http://b.example/debian"),
                AptSources.read(etc).stream().map(AptSource::uri).toList());
    }

    @Test
    void missingConfigurationGivesNoSources(@TempDir Path etc) {
        assertEquals(List.of(), AptSources.read(etc));
    }
}
