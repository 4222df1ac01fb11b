package org.virtbench.runner.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Unit;
import org.virtbench.runner.start.SpanSource;

/**
 * A journal of schema version 1 (sample lines flat), as virtbench wrote it before version 2, still
 * reads, so its campaign resumes; lines the current version appends to it read too.
 */
class JournalSchemaV1Test {
    /** A version-1 failed sample, as CellRunner wrote one: no value, no span, the reason and raw output. */
    private static final String FAILED_V1 = "{\"type\":\"sample\",\"workload\":\"bzip2\",\"backend\":\"host\",\"guests\":1,"
            + "\"attempt\":1,\"guest\":0,\"trial\":3,\"value\":null,\"unit\":\"SECONDS\",\"discarded\":false,"
            + "\"status\":\"failed\",\"reason\":\"bzip2 exited 2\",\"hostStartNanos\":null,\"hostEndNanos\":null,"
            + "\"raw\":\"bzip2: out of memory\",\"secondary\":{},\"span\":null,\"spanNote\":null,\"guestWorkload\":null}\n";

    @TempDir
    Path dir;

    private Path v1() throws Exception {
        Path file = dir.resolve(Journal.FILE);
        try (InputStream in = getClass().getResourceAsStream("journal-v1.jsonl")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void readsTheSamplesOfAVersionOneJournalWithTheirValuesAndSpans() throws Exception {
        Path file = v1();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> flat = Files.readAllLines(file).stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).filter(n -> n.get("type").asText().equals("sample")).toList();
        List<JournalEntry.Sample> samples = Journal.read(file).stream().filter(JournalEntry.Sample.class::isInstance)
                .map(JournalEntry.Sample.class::cast).toList();
        assertEquals(flat.size(), samples.size());
        for (int i = 0; i < flat.size(); i++) {
            JsonNode then = flat.get(i);
            JournalEntry.Sample now = samples.get(i);
            assertEquals(then.get("trial").asInt(), now.trial());
            assertEquals(SampleStatus.OK, now.outcome().status());
            assertEquals(then.get("value").asDouble(), now.outcome().value());
            assertEquals(Unit.SECONDS, now.outcome().unit());
            assertEquals(then.get("hostStartNanos").asLong(), now.span().startNanos());
            assertEquals(then.get("hostEndNanos").asLong(), now.span().endNanos());
            assertEquals(SpanSource.GATE_GUEST_STAMPS, now.span().source());
            assertEquals(then.get("secondary").size(), now.secondary().size());
        }
    }

    @Test
    void readsAFailedVersionOneSampleAndLinesAppendedByTheCurrentVersion() throws Exception {
        Path file = v1();
        Files.writeString(file, FAILED_V1, java.nio.file.StandardOpenOption.APPEND);
        CellKey cell = new CellKey("bzip2", "host", 1);
        try (Journal journal = Journal.open(file)) {
            journal.append(JournalEntry.Sample.ok(new JournalEntry.Sample.Slot(cell, 2, 0, 0, false), 1.25,
                    Unit.SECONDS, java.util.Map.of(), new JournalEntry.Sample.Span(1, 2, SpanSource.MEASURE_CALL, null),
                    null));
        }
        List<JournalEntry.Sample> samples = Journal.read(file).stream().filter(JournalEntry.Sample.class::isInstance)
                .map(JournalEntry.Sample.class::cast).toList();
        JournalEntry.Sample failed = samples.get(samples.size() - 2);
        assertEquals(SampleStatus.FAILED, failed.outcome().status());
        assertNull(failed.outcome().value());
        assertEquals("bzip2 exited 2", failed.outcome().reason());
        assertEquals("bzip2: out of memory", failed.outcome().raw());
        assertNull(failed.span(), "a failed sample has no span");
        JournalEntry.Sample appended = samples.get(samples.size() - 1);
        assertEquals(1.25, appended.outcome().value());
        assertEquals(2, appended.attempt());
        assertTrue(Files.readString(file).lines().reduce((a, b) -> b).orElseThrow().contains("\"outcome\""),
                "the current version writes the grouped shape");
    }
}
