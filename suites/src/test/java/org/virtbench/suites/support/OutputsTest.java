package org.virtbench.suites.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputsTest {
    @Test
    void shortTextStaysAsItIs() {
        assertEquals("sent 46 bytes\n", Outputs.abridged("sent 46 bytes\n", 100));
    }

    @Test
    void longTextKeepsHeadAndTailAndSaysWhatWasLeftOut() {
        StringBuilder list = new StringBuilder("receiving incremental file list\n");
        for (int i = 0; i < 1000; i++) {
            list.append("fs/file").append(i).append(".c\n");
        }
        list.append("total size is 5,000,000  speedup is 1.00\n");
        String text = list.toString();
        String kept = Outputs.abridged(text, 200);
        assertTrue(kept.startsWith("receiving incremental file list\n"), kept);
        assertTrue(kept.endsWith("total size is 5,000,000  speedup is 1.00\n"), kept);
        assertTrue(kept.contains("[... " + (text.length() - 200) + " characters, "), kept);
        assertTrue(kept.length() < 300, kept);
    }
}
