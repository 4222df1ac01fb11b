package org.virtbench.runner.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.SampleStatus;
import org.virtbench.runner.system.SchemaVersionException;

/** A results.json of schema version 1 (cells flat), as virtbench wrote it before version 2, still reads. */
class ResultsSchemaV1Test {
    @TempDir
    Path dir;

    private Path v1() throws Exception {
        Path file = dir.resolve(ResultsDocument.FILE);
        try (InputStream in = getClass().getResourceAsStream("results-v1.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void readsEveryFieldOfAVersionOneCellIntoItsGroup() throws Exception {
        Path file = v1();
        JsonNode flat = ResultsWriter.JSON.readTree(file.toFile()).get("cells").get(0);
        assertEquals(1, ResultsWriter.JSON.readTree(file.toFile()).get("schemaVersion").asInt());

        ResultsDocument doc = ResultsWriter.read(file);
        ResultsDocument.CellResult cell = doc.cells().get(0);
        assertEquals(new CellKey("bzip2", "host", 1), cell.key());
        assertEquals(flat.get("unit").asText(), cell.cell().unit());
        assertEquals(Map.of("iso", "generated", "size", "8MiB"), cell.cell().params());
        assertEquals(flat.get("repeat").asInt(), cell.cell().repeat());
        assertEquals(ResultsDocument.Status.COMPLETED, cell.outcome().status());
        assertEquals(flat.get("trialsRun").asInt(), cell.outcome().trialsRun());
        assertEquals(flat.get("summary").get("median").asDouble(), cell.figures().summary().median());
        assertEquals(flat.get("perGuest").size(), cell.figures().perGuest().size());
        assertEquals(flat.get("scale").get("aggregate").asDouble(), cell.scale().aggregate().aggregate());
        assertNotNull(cell.scale().detail(), "scaleDetail becomes scale.detail");
        assertEquals(flat.get("maxStartSkewNanos").asLong(), cell.scale().maxStartSkewNanos());
        assertEquals(flat.get("memoryPerGuestBytes").asLong(), cell.provisioned().memoryPerGuestBytes());
        assertEquals(flat.get("memoryPolicy").asText(), cell.provisioned().memoryPolicy());
        assertEquals(flat.get("provisioningFacts").size(), cell.provisioned().provisioningFacts().size());
        assertEquals(3, cell.samples().size());
        assertTrue(cell.samples().stream().allMatch(s -> s.status() == SampleStatus.OK));
    }

    @Test
    void writesWhatItReadAsTheCurrentVersion() throws Exception {
        Path file = v1();
        ResultsDocument doc = ResultsWriter.read(file);
        Path again = dir.resolve("again.json");
        ResultsWriter.write(doc, again);
        JsonNode json = ResultsWriter.JSON.readTree(again.toFile());
        assertEquals(ResultsDocument.SCHEMA_VERSION, json.get("schemaVersion").asInt());
        assertEquals("completed", json.get("cells").get(0).get("outcome").get("status").asText());
        assertEquals(doc, ResultsWriter.read(again));
    }

    @Test
    void refusesANewerVersionNamingBoth() throws Exception {
        Path file = dir.resolve(ResultsDocument.FILE);
        Files.writeString(file, "{\"schemaVersion\": " + (ResultsDocument.SCHEMA_VERSION + 1) + ", \"cells\": []}");
        SchemaVersionException e = assertThrows(SchemaVersionException.class, () -> ResultsWriter.read(file));
        assertTrue(e.getMessage().contains("schema version " + (ResultsDocument.SCHEMA_VERSION + 1))
                && e.getMessage().contains("schema version " + ResultsDocument.SCHEMA_VERSION), e.getMessage());
    }
}
