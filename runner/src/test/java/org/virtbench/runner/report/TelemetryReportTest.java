package org.virtbench.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.telemetry.CellTelemetry;
import org.virtbench.runner.telemetry.TelemetryFiles;

/** The fixture campaign runs with telemetry at its default: every cell has a file, the report draws it. */
class TelemetryReportTest {
    @TempDir
    static Path dir;
    static ResultsDocument doc;

    @BeforeAll
    static void campaign() throws Exception {
        doc = ReportFixture.campaign(dir, StatsMode.PAPER).withTelemetry(TelemetryFiles.read(dir));
    }

    @Test
    void everyCellHasTelemetryForEveryTrial() {
        assertEquals(doc.cells().size(), doc.telemetry().size());
        for (ResultsDocument.CellResult c : doc.cells()) {
            CellTelemetry t = doc.telemetryOf(c.cell().workload(), c.cell().backend(), c.cell().guests()).orElseThrow();
            assertEquals(c.outcome().trialsRun(), t.trials().size(), c.cell().workload() + " " + c.cell().backend());
            t.trials().forEach(x -> assertEquals(c.cell().guests(), x.guests().size()));
        }
    }

    @Test
    void reportDrawsTheBreakdownBesideEachRelativeChartAndTheTable() {
        String html = HtmlReport.render(doc);
        assertTrue(html.contains("CPU time went during compress"), "breakdown chart");
        assertTrue(html.contains("Where the time went: telemetry of the measured windows"), "table");
        assertTrue(html.contains("(e) no per-guest CPU"), "fake guests are not watched from outside: said so");
        assertTrue(html.contains("timeline of oltp on lxc n=2"), "a timeline per scale cell");
        // the charts' base64 PNG data may spell "NaN" by chance: only the report's text counts
        String text = html.replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "");
        int nan = text.indexOf("NaN");
        assertFalse(nan >= 0, () -> "NaN in the report: ..." + text.substring(Math.max(0, nan - 300),
                Math.min(text.length(), nan + 100)));
    }

    @Test
    void csvHasARowPerTrialForTheHostAndEachGuest() throws Exception {
        StringWriter out = new StringWriter();
        TelemetryCsv.write(doc, out);
        List<CSVRecord> rows = CSVParser.parse(out.toString(), CSVFormat.RFC4180.builder().setHeader()
                .setSkipHeaderRecord(true).get()).getRecords();
        long expected = doc.telemetry().stream().flatMap(t -> t.trials().stream())
                .mapToLong(t -> 1 + t.guests().size()).sum();
        assertEquals(expected, rows.size());
        // a trial over before the sampler's first tick has no split (a fake's trial can be that short)
        CSVRecord host = rows.stream().filter(r -> r.get("scope").equals("host") && !r.get("user").isEmpty())
                .findFirst().orElseThrow();
        assertEquals(1.0, Double.parseDouble(host.get("user")) + Double.parseDouble(host.get("system"))
                + Double.parseDouble(host.get("irq")) + Double.parseDouble(host.get("iowait"))
                + Double.parseDouble(host.get("steal")) + Double.parseDouble(host.get("idle"))
                + Double.parseDouble(host.get("uncounted")), 1e-9);
    }
}
