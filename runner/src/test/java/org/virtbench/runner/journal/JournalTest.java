package org.virtbench.runner.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Unit;

class JournalTest {
    @TempDir
    Path dir;

    private static JournalEntry.Sample sample(int trial, Double value) {
        JournalEntry.Sample.Slot slot = new JournalEntry.Sample.Slot(new CellKey("bzip2", "host", 1), 1, 0, trial,
                trial == 0);
        return value == null ? JournalEntry.Sample.failed(slot, Unit.SECONDS, "boom", "raw output", null)
                : JournalEntry.Sample.ok(slot, value, Unit.SECONDS, Map.of("rate", 1.5),
                        new JournalEntry.Sample.Span(10L, 20L, null, null), null);
    }

    @Test
    void writesOneFlushedLinePerEntryAndReadsThemBack() throws Exception {
        Path file = dir.resolve(Journal.FILE);
        try (Journal journal = Journal.open(file)) {
            journal.append(sample(0, 1.25));
            assertEquals(1, Files.readAllLines(file).size(), "on disk before the journal is closed");
            journal.append(sample(1, null));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"type\":\"sample\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"value\":1.25"), "numbers stay numbers: " + lines.get(0));
        assertTrue(lines.get(1).contains("\"status\":\"failed\""), lines.get(1));
        assertEquals(List.of(sample(0, 1.25), sample(1, null)), Journal.read(file));
    }

    @Test
    void ignoresAndCutsOffALineAKilledProcessLeftHalfWritten() throws Exception {
        Path file = dir.resolve(Journal.FILE);
        try (Journal journal = Journal.open(file)) {
            journal.append(sample(0, 1.0));
        }
        Files.writeString(file, "{\"type\":\"sample\",\"workl", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(1, Journal.read(file).size());
        try (Journal journal = Journal.open(file)) {
            journal.append(sample(1, 2.0));
        }
        assertEquals(List.of(sample(0, 1.0), sample(1, 2.0)), Journal.read(file));
    }

    @Test
    void aBrokenLineInTheMiddleIsAnError() throws Exception {
        Path file = dir.resolve(Journal.FILE);
        Files.writeString(file, "not json\n{\"type\":\"campaign\",\"at\":\"x\",\"pid\":1,\"resumed\":false,"
                + "\"commandLine\":[]}\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Journal.read(file));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void dropsEntriesOnceSealed() throws Exception {
        Path file = dir.resolve(Journal.FILE);
        try (Journal journal = Journal.open(file)) {
            assertTrue(journal.append(sample(0, 1.0)));
            journal.seal();
            assertFalse(journal.append(sample(1, 1.0)));
        }
        assertEquals(1, Journal.read(file).size());
    }

    @Test
    void stateCountsOnlyTheFinishedAttemptOfACell() {
        CellKey cell = new CellKey("bzip2", "host", 1);
        JournalState state = new JournalState(List.of(
                JournalEntry.Sample.ok(new JournalEntry.Sample.Slot(cell, 1, 0, 0, false), 9.0, Unit.SECONDS, Map.of(),
                        new JournalEntry.Sample.Span(1L, 2L, null, null), null),
                JournalEntry.Sample.ok(new JournalEntry.Sample.Slot(cell, 2, 0, 0, false), 1.0, Unit.SECONDS, Map.of(),
                        new JournalEntry.Sample.Span(1L, 2L, null, null), null),
                new JournalEntry.CellFinished("bzip2", "host", 1, 2, "t", CellStatus.COMPLETED, null, 1, 1, null,
                        Map.of(), List.of())));
        assertEquals(List.of(1.0), state.ofCell(cell, JournalEntry.Sample.class).stream()
                .map(s -> s.outcome().value()).toList());
        assertEquals(3, state.nextAttempt(cell));
        assertTrue(state.finishedCells().contains(cell));
        assertFalse(state.finishedCells().contains(new CellKey("bzip2", "host", 2)));
    }
}
