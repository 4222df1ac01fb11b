package org.virtbench.runner.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Unit;
import org.virtbench.runner.engine.CampaignEngine;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.system.SchemaVersionException;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FailingChannel;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

/** The journal under faults: torn lines, broken lines, newer versions, a full disk. */
class JournalDurabilityTest {
    @TempDir
    Path dir;

    private static JournalEntry.Sample sample(int trial, String reason) {
        return JournalEntry.Sample.failed(new JournalEntry.Sample.Slot(new CellKey("bzip2", "host", 1), 1, 0, trial,
                false), Unit.SECONDS, reason, null, null);
    }

    private Path journalWith(JournalEntry... entries) throws Exception {
        Path file = dir.resolve(Journal.FILE);
        try (Journal journal = Journal.open(file)) {
            for (JournalEntry e : entries) {
                journal.append(e);
            }
        }
        return file;
    }

    @Test
    void aLineTornInsideAMultiByteCharacterIsIgnoredAndCutOffOnOpen() throws Exception {
        Path file = journalWith(sample(0, "first"));
        byte[] whole = (Journal.JSON.writeValueAsString(sample(1, "température 7°C")) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        int inside = new String(whole, StandardCharsets.UTF_8).indexOf('é') + 1; // after é's first byte
        Files.write(file, Arrays.copyOf(whole, inside), StandardOpenOption.APPEND);

        assertEquals(List.of(sample(0, "first")), Journal.read(file));
        try (Journal journal = Journal.open(file)) {
            journal.append(sample(2, "after"));
        }
        assertEquals(List.of(sample(0, "first"), sample(2, "after")), Journal.read(file));
    }

    @Test
    void aCompleteLineThatDoesNotParseIsRefusedWithItsNumberEvenWhenLast() throws Exception {
        Path file = journalWith(sample(0, "first"), sample(1, "second"));
        Files.writeString(file, "{\"type\":\"sample\",\"trial\":\n", StandardOpenOption.APPEND);
        JournalCorruptException e = assertThrows(JournalCorruptException.class, () -> Journal.read(file));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());

        Files.write(file, new byte[] {'{', (byte) 0xff, '}', '\n'}, StandardOpenOption.TRUNCATE_EXISTING);
        assertEquals(1, assertThrows(JournalCorruptException.class, () -> Journal.read(file)).line(),
                "a complete line that is not UTF-8");
    }

    @Test
    void aJournalOfANewerSchemaIsRefusedNamingBothVersions() throws Exception {
        Path file = journalWith(new JournalEntry.CampaignStarted("now", 1, false, List.of("virtbench"), "interleaved"));
        assertTrue(Files.readString(file).contains("\"schemaVersion\":" + Journal.SCHEMA_VERSION),
                Files.readString(file));
        Files.writeString(file, Files.readString(file).replace("\"schemaVersion\":" + Journal.SCHEMA_VERSION,
                "\"schemaVersion\":7")
                + "{\"type\":\"from-the-future\"}\n");
        SchemaVersionException e = assertThrows(SchemaVersionException.class, () -> Journal.read(file));
        assertTrue(e.getMessage().contains("schema version 7") && e.getMessage().contains("schema version " + Journal.SCHEMA_VERSION),
                e.getMessage());
    }

    @Test
    void everyAppendIsForcedToDisk() throws Exception {
        AtomicReference<FailingChannel> channel = new AtomicReference<>();
        try (Journal journal = Journal.open(dir.resolve(Journal.FILE),
                c -> { channel.set(new FailingChannel(c, Long.MAX_VALUE)); return channel.get(); })) {
            journal.append(sample(0, "a"));
            journal.append(sample(1, "b"));
            assertEquals(2, channel.get().forces());
        }
    }

    @Test
    void aFailedWriteCutsTheJournalBackAndEveryLaterAppendFails() throws Exception {
        Path file = journalWith(sample(0, "kept"));
        byte[] before = Files.readAllBytes(file);
        try (Journal journal = Journal.open(file, c -> new FailingChannel(c, 20))) {
            JournalWriteException e = assertThrows(JournalWriteException.class,
                    () -> journal.append(sample(1, "lost")));
            assertEquals("disk full on " + dir + "; free space and run --resume " + dir, e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file), "the partial line is cut off");
            assertThrows(JournalWriteException.class, () -> journal.append(sample(2, "also lost")),
                    "nothing is glued onto a failed line later");
        }
        assertEquals(List.of(sample(0, "kept")), Journal.read(file));
    }

    @Test
    void aFullDiskStopsTheCampaignWithoutAFailedCellAndResumeCompletesIt() throws Exception {
        Events events = new Events();
        ScriptedPlan plan = ScriptedPlan.builder("filling", events).repeat(3, 0).scales(1, 2)
                .script((g, t) -> 10.0 + t);
        Path whole = Files.createDirectory(dir.resolve("whole"));
        new EngineHarness(whole).backend(new FakeBackend("host", events)).run(plan);
        long size = Files.size(whole.resolve(Journal.FILE));

        Path out = Files.createDirectory(dir.resolve("full"));
        FakeBackend backend = new FakeBackend("host", events);
        EngineHarness harness = new EngineHarness(out).backend(backend);
        try (Journal journal = Journal.open(harness.journalFile(), c -> new FailingChannel(c, size / 2))) {
            CampaignEngine engine = new CampaignEngine(harness.settings(), Map.of("host", backend), journal,
                    JournalState.empty(), EngineHarness.HOST_MEMORY, ProgressListener.NONE, out);
            JournalWriteException e = assertThrows(JournalWriteException.class, () -> engine.run(harness.cells(plan)));
            assertEquals("disk full on " + out + "; free space and run --resume " + out, e.getMessage());
        }
        String text = Files.readString(harness.journalFile());
        assertTrue(text.endsWith("\n"), "cut back to a whole line");
        List<JournalEntry> cut = harness.journal();
        assertTrue(cut.stream().noneMatch(x -> x instanceof JournalEntry.CellFinished f
                && f.status() == CellStatus.FAILED), "no cell is recorded as failed: " + text);
        assertTrue(cut.stream().noneMatch(x -> x instanceof JournalEntry.Sample s
                && s.outcome().status() == SampleStatus.FAILED), text);

        new EngineHarness(out).backend(new FakeBackend("host", new Events())).run(plan);
        var results = harness.results(plan);
        assertTrue(results.campaign().complete());
        assertEquals(List.of(3, 6), results.cells().stream().map(c -> c.samples().size()).toList(),
                "each sample of the finished attempts once");
    }
}
