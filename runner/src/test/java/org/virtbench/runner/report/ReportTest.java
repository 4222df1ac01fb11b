package org.virtbench.runner.report;

import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.SampleStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.results.ResultsWriter;
import org.virtbench.runner.stats.StatsMode;

class ReportTest {
    @TempDir
    Path dir;

    @Test
    void drawsAFigurePerWorkloadAndTheScaleCurvesWithIntervalsInRigorousMode() throws Exception {
        ResultsDocument doc = ReportFixture.campaign(dir, StatsMode.RIGOROUS);
        List<Figures.RelativeFigure> relative = Figures.relative(doc);
        assertEquals(List.of("compress", "oltp", "stream"), relative.stream().map(Figures.RelativeFigure::workload)
                .toList());
        Figures.RelativeFigure compress = relative.get(0);
        assertEquals(List.of("host", "lxc", "qemu"), compress.bars().stream().map(Figures.Bar::backend).toList());
        assertEquals(2.0 / 3.1, compress.bars().get(2).relative(), 0.02, "bare metal time / guest time");
        assertTrue(compress.hasIntervals());

        List<Figures.ScaleFigure> scale = Figures.scale(doc);
        assertEquals(1, scale.size());
        assertEquals(List.of(1, 2, 4), scale.get(0).guestCounts());
        Figures.ScalePoint lxcAt4 = scale.get(0).series().get(1).points().get(2);
        assertEquals(4, lxcAt4.guests());
        assertEquals(4 * lxcAt4.perGuest(), lxcAt4.aggregate(), 1e-6, "aggregate = mean per guest x n");
        assertTrue(lxcAt4.skewMillis().isPresent());
        assertTrue(lxcAt4.fairness().get() > 0.99);

        Path html = Reports.write(doc, dir, Reports.DEFAULT).get(0);
        String page = Files.readString(html);
        List<BufferedImage> images = images(page);
        assertEquals(3 + 4, images.size(), "three relative figures, four scale panels");
        for (BufferedImage image : images) {
            assertEquals(Charts.WIDTH, image.getWidth());
            assertEquals(Charts.HEIGHT, image.getHeight());
        }
        assertTrue(page.contains("whiskers") || page.contains("Table 2"));
        writeSample(doc);
    }

    @Test
    void generatesTable2WithTheMismatchHighlightedAndTable3FromTheFacts() throws Exception {
        ResultsDocument doc = ReportFixture.campaign(dir, StatsMode.PAPER);
        List<Tables.ToolRow> tools = Tables.tools(doc);
        Tables.ToolRow netperf = tools.stream().filter(r -> r.packageName().equals("netperf")).findFirst().orElseThrow();
        assertEquals(Optional.of("2.7.0-0.2"), netperf.hostVersion());
        assertEquals(Optional.of("2.7.0-0.1"), netperf.guestVersions().get("lxc"));
        assertTrue(netperf.mismatch("lxc"));
        assertFalse(netperf.mismatch("qemu"), "not recorded is not a mismatch");
        assertFalse(tools.get(0).mismatch("lxc"), "bzip2 is the same version");

        List<Tables.TechnologyRow> tech = Tables.technologies(doc);
        assertEquals(List.of("host", "lxc", "qemu"), tech.stream().map(Tables.TechnologyRow::backend).toList());
        assertEquals(new Tables.TechnologyRow("lxc", "LXC", "5.0.2", "none", "6.1.0-28-amd64", "fake-kernel"),
                tech.get(1));
        assertEquals("tcg", tech.get(2).accelerator());
        assertEquals("7.2.15", tech.get(2).version());

        String page = HtmlReport.render(doc);
        assertTrue(page.contains("<td class=\"mismatch\">2.7.0-0.1</td>"), "the mismatch is highlighted");
        assertTrue(page.contains("Intel(R) Xeon(R) &lt;test&gt; CPU"), "host facts escaped");
        assertFalse(page.contains("bootstrap interval"), "no intervals in paper mode");
        assertTrue(page.contains("whiskers: lowest and highest ratio of a kept trial"), "the trials' range instead");
    }

    @Test
    void escapesEveryValueFromTheResults() throws Exception {
        ResultsDocument doc = ReportFixture.campaign(dir, StatsMode.PAPER);
        CellResult first = doc.cells().get(0);
        String evil = "<script>alert('x')</script> & \"quoted\"";
        CellResult failed = first.withOutcome(new ResultsDocument.Outcome(ResultsDocument.Status.FAILED, evil,
                first.outcome().trialsRun(), null));
        List<CellResult> cells = new java.util.ArrayList<>(doc.cells());
        cells.set(0, failed);
        ResultsDocument bad = new ResultsDocument(doc.schemaVersion(), doc.campaign(), doc.host(), doc.backends(),
                cells, doc.workloads());
        String page = HtmlReport.render(bad);
        assertFalse(page.contains("<script>"), "no markup from data");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"));
        assertEquals("a&lt;b&gt;&amp;&quot;&#39;", Html.escape("a<b>&\"'"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void readsResultsWrittenBeforeWorkloadsWereRecordedAndReportsThemWithoutTable2() throws Exception {
        ResultsDocument doc = ReportFixture.campaign(dir, StatsMode.PAPER);
        ResultsDocument old = new ResultsDocument(doc.schemaVersion(), doc.campaign(), doc.host(), doc.backends(),
                doc.cells(), List.of());
        Path file = dir.resolve(ResultsDocument.FILE);
        ResultsWriter.write(old, file);
        String json = Files.readString(file).replace("\"workloads\" : [ ],", "");
        Files.writeString(file, json.replaceAll(",\\s*\"workloads\" : \\[ \\]", ""));
        assertFalse(Files.readString(file).contains("workloads"));
        ResultsDocument read = Reports.read(dir);
        assertEquals(List.of(), read.workloads());
        assertTrue(HtmlReport.render(read).contains("name no package per workload"));
    }

    @Test
    void listsFailuresOutliersAndSkewAsFlags() throws Exception {
        ResultsDocument doc = ReportFixture.campaign(dir, StatsMode.PAPER);
        CellResult first = doc.cells().get(0);
        List<ResultsDocument.SampleResult> samples = new java.util.ArrayList<>(first.samples());
        ResultsDocument.SampleResult s = samples.get(2);
        samples.set(2, new ResultsDocument.SampleResult(s.guest(), s.trial(), null, false, SampleStatus.FAILED,
                "bzip2 exited 2", s.hostStartNanos(), s.hostEndNanos(), Map.of("clock.drift", 0.04), null, null));
        CellResult edited = first.withOutcome(new ResultsDocument.Outcome(first.outcome().status(), null,
                first.outcome().trialsRun(), null)).withSamples(samples);
        List<CellResult> cells = new java.util.ArrayList<>(doc.cells());
        cells.set(0, edited);
        List<Flags.Flag> flags = Flags.of(new ResultsDocument(doc.schemaVersion(), doc.campaign(), doc.host(),
                doc.backends(), cells, doc.workloads()));
        assertTrue(flags.stream().anyMatch(f -> f.kind() == Flags.Kind.FAILED_SAMPLE && f.detail().equals("bzip2 exited 2")
                && f.trial() == s.trial()));
        assertTrue(flags.stream().anyMatch(f -> f.kind() == Flags.Kind.CLOCK_DRIFT && f.detail().contains("+4.00%")));
    }

    @Test
    void groupsTheOutliersOfACellInOneFlag() throws Exception {
        ResultsDocument doc = ReportFixture.campaign(dir, StatsMode.PAPER);
        CellResult first = doc.cells().get(0);
        org.virtbench.runner.stats.Summary s = first.figures().summary();
        org.virtbench.runner.stats.Summary withOutliers = new org.virtbench.runner.stats.Summary(s.count(),
                s.median(), s.min(), s.max(), s.mean(), s.stdDev(), s.relativeStdDev(), null, List.of(0, 2), List.of(2));
        CellResult edited = first.withOutcome(new ResultsDocument.Outcome(first.outcome().status(), null,
                first.outcome().trialsRun(), null)).withFigures(new ResultsDocument.Figures(withOutliers,
                first.figures().perGuest(), first.figures().relative(), first.figures().levels()));
        List<CellResult> cells = new java.util.ArrayList<>(doc.cells());
        cells.set(0, edited);
        List<Flags.Flag> outliers = Flags.of(new ResultsDocument(doc.schemaVersion(), doc.campaign(), doc.host(),
                doc.backends(), cells, doc.workloads())).stream()
                .filter(f -> f.kind() == Flags.Kind.OUTLIER && f.workload().equals(first.cell().workload())
                        && f.backend().equals(first.cell().backend())).toList();
        assertEquals(1, outliers.size(), outliers.toString());
        String detail = outliers.get(0).detail();
        assertTrue(detail.startsWith("2 of 4 kept samples beyond a fence"), detail);
        assertTrue(detail.contains("(guest 0, trial 1) [MAD]") && detail.contains("(guest 0, trial 3) [MAD, Tukey]"),
                detail);
    }

    /** The PNG images embedded in a page, decoded. */
    @Test
    void aWorkloadWhoseScaleCellsWereAllLeftOutGetsALineNotFourEmptyCharts() throws Exception {
        ResultsDocument full = ReportFixture.campaign(dir, StatsMode.PAPER);
        List<CellResult> cells = full.cells().stream().map(c -> c.cell().guests() > 1
                ? CellResult.notRun(new CellKey(c.cell().workload(), c.cell().backend(), c.cell().guests()),
                        ResultsDocument.Status.LEFT_OUT, "does not fit in the budget")
                : c).toList();
        ResultsDocument doc = new ResultsDocument(full.schemaVersion(), full.campaign(), full.host(), full.backends(),
                cells, full.workloads(), full.telemetry());
        String page = HtmlReport.render(doc);
        assertTrue(page.contains("no cell of oltp at n &gt; 1 has a value") || page.contains("no cell of oltp at n > 1 has a value"),
                "the left-out scale cells are said in a line");
        assertFalse(page.contains("oltp at scale:"), "no empty scale panels");
        assertEquals(3, images(page).stream().filter(i -> i.getWidth() == Charts.WIDTH).count(), "the relative figures only");
    }

    static List<BufferedImage> images(String page) throws Exception {
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(page);
        List<BufferedImage> images = new java.util.ArrayList<>();
        while (m.find()) {
            images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
        }
        return images;
    }

    /** Leaves the fixture's report under target/ for a person to look at. */
    private static void writeSample(ResultsDocument doc) throws Exception {
        Path sample = Path.of("target", "sample-report");
        Files.createDirectories(sample);
        ResultsWriter.write(doc, sample.resolve(ResultsDocument.FILE));
        Reports.write(doc, sample, java.util.EnumSet.allOf(ReportFormat.class));
    }
}
