package org.virtbench.runner.report;

import org.virtbench.runner.journal.SampleStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Direction;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.results.ResultsDocument.SampleResult;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.stats.Summary;

class FormatsTest {
    @TempDir
    Path dir;

    /** A one-cell document with the given samples. */
    private static ResultsDocument oneCell(List<SampleResult> samples, int guests) {
        Summary summary = new Summary(1, 2.0, 2.0, 2.0, 2.0, 0, 0, null, List.of(), List.of());
        CellResult cell = new CellResult(new ResultsDocument.Cell("w,1", "host", guests, "s", Direction.LOWER_IS_BETTER,
                Map.of("input", "1MiB"), 3, 1), new ResultsDocument.Outcome(ResultsDocument.Status.COMPLETED, null, 3, null),
                new ResultsDocument.Figures(summary, List.of(), null, null), ResultsDocument.Scale.NONE,
                ResultsDocument.Provisioned.NONE, samples);
        return new ResultsDocument(ResultsDocument.SCHEMA_VERSION,
                new ResultsDocument.Campaign("0.1.0", List.of("virtbench"), "a", "b", List.of(), true, "quick", "paper",
                        null, null, "host"),
                new HostMetadata("h", null, null, null, 1, null, null, null, null, null, Map.of(), Map.of()),
                List.of(), List.of(cell), List.of());
    }

    @Test
    void quotesCommasQuotesAndLineBreaksAndReadsBackTheSameFields() throws Exception {
        String reason = "tool said \"no\", then\nexited 2";
        ResultsDocument doc = oneCell(List.of(
                SampleResult.ok(0, 0, 1.5, true, 10L, 20L, Map.of("dd.rate", 99.5)),
                new SampleResult(0, 1, null, false, SampleStatus.FAILED, reason, 30L, 40L, Map.of(), null, null),
                new SampleResult(0, 2, 0.1 + 0.2, false, SampleStatus.OK, null, null, null, null, null, null)), 1);
        StringWriter out = new StringWriter();
        SampleCsv.write(doc, out);
        String text = out.toString();
        assertTrue(text.startsWith("workload,backend,guests,guest,trial,value,unit,direction,discarded,status,"
                + "reason,hostStartNanos,hostEndNanos,cellStatus,secondary:dd.rate\r\n"), text);
        assertTrue(text.contains("\"w,1\""), "a comma in a field is quoted");
        assertTrue(text.contains("\"tool said \"\"no\"\", then\nexited 2\""), "quotes doubled, the break kept inside");

        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
        assertEquals(3, rows.size());
        assertEquals("w,1", rows.get(0).get("workload"));
        assertEquals("1.5", rows.get(0).get("value"));
        assertEquals("true", rows.get(0).get("discarded"));
        assertEquals("99.5", rows.get(0).get("secondary:dd.rate"));
        assertEquals(reason, rows.get(1).get("reason"));
        assertEquals("", rows.get(1).get("value"), "no value is an empty field");
        assertEquals("0.30000000000000004", rows.get(2).get("value"), "full precision");
        assertEquals("", rows.get(2).get("hostStartNanos"));
    }

    @Test
    void writesJmhJsonWithScoreErrorAsJmhComputesIt() throws Exception {
        // two guests, three kept trials each: 1..6, mean 3.5, sample sd sqrt(3.5)
        List<SampleResult> samples = new ArrayList<>();
        samples.add(SampleResult.ok(0, 0, 100.0, true, 0L, 1L, Map.of()));
        samples.add(SampleResult.ok(1, 0, 100.0, true, 0L, 1L, Map.of()));
        for (int t = 1; t <= 3; t++) {
            samples.add(SampleResult.ok(0, t, (double) t, false, 0L, 1L, Map.of()));
            samples.add(SampleResult.ok(1, t, (double) t + 3, false, 0L, 1L, Map.of()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JmhJson.write(oneCell(samples, 2), out);
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());
        assertEquals(1, json.size());
        JsonNode e = json.get(0);
        assertEquals("virtbench.w,1", e.get("benchmark").asText());
        assertEquals("ss", e.get("mode").asText());
        assertEquals("host", e.get("params").get("backend").asText());
        assertEquals("2", e.get("params").get("guests").asText());
        assertEquals("1MiB", e.get("params").get("input").asText());
        JsonNode metric = e.get("primaryMetric");
        assertEquals(3.5, metric.get("score").asDouble(), 1e-12);
        // t(0.9995, 5) = 6.868827, times sqrt(3.5) / sqrt(6)
        assertEquals(6.868827 * Math.sqrt(3.5) / Math.sqrt(6), metric.get("scoreError").asDouble(), 1e-5);
        assertEquals("s/op", metric.get("scoreUnit").asText());
        assertEquals("[[1.0,2.0,3.0],[4.0,5.0,6.0]]", metric.get("rawData").toString(), "one fork per guest");
        assertEquals(3.5, metric.get("scorePercentiles").get("50.0").asDouble(), 1e-12);
    }

    @Test
    void writesTheFixturesCampaignInEveryFormat() throws Exception {
        ResultsDocument doc = ReportFixture.campaign(dir, StatsMode.RIGOROUS);
        List<Path> files = Reports.write(doc, dir, java.util.EnumSet.allOf(ReportFormat.class));
        assertEquals(List.of("report.html", "results.csv", "jmh-result.json"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        JsonNode jmh = new ObjectMapper().readTree(files.get(2).toFile());
        assertEquals(doc.cells().size(), jmh.size());
        JsonNode stream = null;
        for (JsonNode e : jmh) {
            if (e.get("benchmark").asText().equals("virtbench.stream")) {
                stream = e;
            }
        }
        assertEquals("thrpt", stream.get("mode").asText());
        assertEquals("Mbit/s", stream.get("primaryMetric").get("scoreUnit").asText());
        long rows = java.nio.file.Files.readAllLines(files.get(1)).size() - 1;
        assertEquals(doc.cells().stream().mapToLong(c -> c.samples().size()).sum(), rows);
    }
}
