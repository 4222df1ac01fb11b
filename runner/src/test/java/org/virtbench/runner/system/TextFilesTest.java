package org.virtbench.runner.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A console that is not UTF-8, or that grows without end, is still read: its end, noise replaced. */
class TextFilesTest {
    @TempDir
    Path dir;

    @Test
    void aConsoleWithBytesThatAreNotUtf8StillShowsItsMarkers() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        console.write("[    0.1] booting\n".getBytes(StandardCharsets.UTF_8));
        console.write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, '\n'}); // line noise, a cut character
        console.write("virtbench: sshd ready\n".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("g0.console.log");
        Files.write(file, console.toByteArray());
        String text = TextFiles.tail(file, 1 << 20);
        assertTrue(text.startsWith("[    0.1] booting\n\uFFFD\uFFFD\uFFFD\n"), text);
        assertTrue(text.endsWith("virtbench: sshd ready\n"), text);
        assertEquals("", TextFiles.tail(dir.resolve("not-yet"), 1 << 20), "no file yet: nothing");
    }

    @Test
    void onlyTheEndOfAGrowingFileIsRead() throws Exception {
        Path file = dir.resolve("big.log");
        Files.write(file, ("x".repeat(3 << 20) + "\u00e9the end").getBytes(StandardCharsets.UTF_8));
        String text = TextFiles.tail(file, 8);
        assertEquals("\uFFFDthe end", text, "the last 8 bytes; the half of é at the cut replaced");
    }
}
