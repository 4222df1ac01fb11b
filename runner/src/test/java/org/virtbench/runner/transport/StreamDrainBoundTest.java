package org.virtbench.runner.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A command that prints far more than anyone reads costs the runner a bounded buffer. */
class StreamDrainBoundTest {
    private static InputStream output(int bytes, String first, String last) {
        byte[] all = new byte[bytes];
        Arrays.fill(all, (byte) 'x');
        byte[] head = first.getBytes(StandardCharsets.UTF_8);
        byte[] tail = last.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, bytes - tail.length, tail.length);
        return new ByteArrayInputStream(all);
    }

    @Test
    void keepsTheFirstAndLastMebibyteAndSaysHowMuchWasLeftOut() {
        int size = 6 << 20;
        String text = StreamDrain.start(output(size, "FIRST-ERROR", "FINAL-FIGURES")).text();
        assertTrue(text.length() < BoundedOutput.HEAD + BoundedOutput.TAIL + 100, "bounded: " + text.length());
        assertTrue(text.startsWith("FIRST-ERROR"));
        assertTrue(text.endsWith("FINAL-FIGURES"));
        assertTrue(text.contains("[virtbench: " + (size - BoundedOutput.HEAD - BoundedOutput.TAIL)
                + " bytes of output left out here]"), text.substring(BoundedOutput.HEAD - 10, BoundedOutput.HEAD + 80));
    }

    @Test
    void aWatchedDrainStaysBoundedOnALineWithoutEndAndMatchesOnlyWholeLines() throws Exception {
        StreamDrain endless = StreamDrain.watching(output(5 << 20, "no", "newline"), "READY");
        assertTrue(!endless.awaitLine(5_000_000_000L));
        assertTrue(endless.text().length() < BoundedOutput.HEAD + BoundedOutput.TAIL + 100);

        StreamDrain suffix = StreamDrain.watching(new ByteArrayInputStream(
                "xxxxxxREADY\nREADY\nafter\n".getBytes(StandardCharsets.UTF_8)), "READY");
        assertTrue(suffix.awaitLine(5_000_000_000L));
        assertEquals("xxxxxxREADY\nafter\n", suffix.text(), "a line that only ends with it is kept, not taken for it");
    }

    @Test
    void shortOutputIsKeptWhole() {
        BoundedOutput out = new BoundedOutput(4, 4);
        out.write("abcdefghij".getBytes(StandardCharsets.UTF_8), 0, 10);
        assertEquals("abcd\n[virtbench: 2 bytes of output left out here]\nghij", out.text());
        assertEquals(10, out.size());
        BoundedOutput small = new BoundedOutput(4, 4);
        small.write("abcdef".getBytes(StandardCharsets.UTF_8), 0, 6);
        assertEquals("abcdef", small.text());
    }
}
