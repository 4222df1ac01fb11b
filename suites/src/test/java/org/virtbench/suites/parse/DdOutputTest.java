package org.virtbench.suites.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DdOutputTest {
    @Test
    void readsAGigabyteToDevNull() {
        DdOutput out = DdOutput.parse(Captured.output("dd/dd-null-1GB.txt"));
        assertEquals(1953125, out.fullRecordsIn());
        assertEquals(0, out.partialRecordsIn());
        assertEquals(1953125, out.fullRecordsOut());
        assertEquals(1_000_000_000L, out.bytes());
        assertEquals(0.799062, out.seconds(), 1e-9);
        assertEquals(1.3e9, out.reportedBytesPerSecond(), 1);
        assertEquals(1_000_000_000L / 0.799062 / 1e6, out.ddMegabytesPerSecond(), 1e-6);
    }

    @Test
    void readsAFileCopyEndingInAPartialRecord() {
        DdOutput out = DdOutput.parse(Captured.output("dd/dd-file-fdatasync-partial-record.txt"));
        assertEquals(9765, out.fullRecordsIn());
        assertEquals(1, out.partialRecordsIn());
        assertEquals(1, out.partialRecordsOut());
        assertEquals(5_000_000L, out.bytes());
        assertEquals(268e6, out.reportedBytesPerSecond(), 1);
    }

    @Test
    void readsKilobyteCounts() {
        DdOutput out = DdOutput.parse(Captured.output("dd/dd-null-small-kB.txt"));
        assertEquals(512_000L, out.bytes());
        assertEquals(0.000380438, out.seconds(), 1e-12);
    }

    @Test
    void aFailedDdIsNotANumber() {
        UnparsableOutputException e = assertThrows(UnparsableOutputException.class,
                () -> DdOutput.parse(Captured.output("dd/dd-missing-input.txt")));
        assertEquals("dd", e.tool());
        assertTrue(e.getMessage().contains("failed to open '/nonexist'"), e.getMessage());
    }

    @Test
    void recordsWithoutTheBytesLineAreRejected() {
        String cut = "1953125+0 records in\n1953125+0 records out\n";
        UnparsableOutputException e = assertThrows(UnparsableOutputException.class, () -> DdOutput.parse(cut));
        assertTrue(e.getMessage().contains("LC_ALL=C"), e.getMessage());
        assertEquals(cut, e.output());
    }

    @Test
    void emptyOutputIsRejected() {
        UnparsableOutputException e = assertThrows(UnparsableOutputException.class, () -> DdOutput.parse(""));
        assertTrue(e.getMessage().contains("(empty)"), e.getMessage());
    }
}
