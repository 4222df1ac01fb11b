package org.virtbench.suites.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Bzip2OutputTest {
    @Test
    void readsTheGeneratedImage() {
        Bzip2Output out = Bzip2Output.parse(Captured.output("bzip2/bzip2-generated-32MiB.txt"));
        assertEquals("g32.img", out.file());
        assertEquals(1.154, out.ratio(), 1e-9);
        assertEquals(6.933, out.bitsPerByte(), 1e-9);
        assertEquals(13.33, out.savedPercent(), 1e-9);
        assertEquals(33_554_432L, out.bytesIn());
        assertEquals(29_080_203L, out.bytesOut());
    }

    @Test
    void readsAFileThatGrew() {
        Bzip2Output out = Bzip2Output.parse(Captured.output("bzip2/bzip2-random-grows.txt"));
        assertEquals(-0.46, out.savedPercent(), 1e-9);
        assertEquals(5_000_000L, out.bytesIn());
        assertEquals(5_022_814L, out.bytesOut());
    }

    @Test
    void readsText() {
        Bzip2Output out = Bzip2Output.parse(Captured.output("bzip2/bzip2-text.txt"));
        assertEquals(305.085, out.ratio(), 1e-9);
        assertEquals(59, out.bytesOut());
    }

    @Test
    void aFailedBzip2IsRejected() {
        UnparsableOutputException e = assertThrows(UnparsableOutputException.class,
                () -> Bzip2Output.parse(Captured.output("bzip2/bzip2-missing-input.txt")));
        assertEquals("bzip2", e.tool());
    }
}
