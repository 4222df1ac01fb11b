package org.virtbench.runner.report;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsWriter;
import org.virtbench.runner.system.DurableFiles;

/** Writes the reports of a results document beside it. */
public final class Reports {
    /** What {@code run} and {@code report} write when not told otherwise. */
    public static final Set<ReportFormat> DEFAULT = Set.of(ReportFormat.HTML, ReportFormat.CSV);

    private Reports() {
    }

    /**
     * The results file a user named: {@code results.json} inside a directory, or the file itself.
     *
     * @throws IOException when there is none
     */
    public static Path resultsFile(Path folderOrFile) throws IOException {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(ResultsDocument.FILE) : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null,
                    "no results file; give a campaign's output directory or its " + ResultsDocument.FILE);
        }
        return file;
    }

    /** Reads the results of a directory or file. */
    public static ResultsDocument read(Path folderOrFile) throws IOException {
        return ResultsWriter.read(resultsFile(folderOrFile));
    }

    /** {@link TelemetryCsv#FILE} beside {@code results.csv}, replaced whole. */
    private static Path writeTelemetryCsv(ResultsDocument doc, Path dir) throws IOException {
        Path file = dir.resolve(TelemetryCsv.FILE);
        DurableFiles.replace(file, out -> {
            try (Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                TelemetryCsv.write(doc, text);
            }
        });
        return file;
    }

    /**
     * Writes each format into {@code dir}, each file replaced whole so a reader never sees half.
     *
     * @return the files written, in format order
     */
    public static List<Path> write(ResultsDocument doc, Path dir, Set<ReportFormat> formats) throws IOException {
        List<Path> written = new ArrayList<>();
        for (ReportFormat format : ReportFormat.values()) {
            if (!formats.contains(format)) {
                continue;
            }
            Path file = switch (format) {
                case HTML -> dir.resolve(HtmlReport.FILE);
                case CSV -> dir.resolve(SampleCsv.FILE);
                case JMH -> dir.resolve(JmhJson.FILE);
            };
            switch (format) {
                case HTML -> DurableFiles.replace(file, HtmlReport.render(doc));
                case CSV -> DurableFiles.replace(file, out -> {
                    try (Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                        SampleCsv.write(doc, text);
                    }
                });
                case JMH -> DurableFiles.replace(file, out -> JmhJson.write(doc, out));
            }
            written.add(file);
            if (format == ReportFormat.CSV && !doc.telemetry().isEmpty()) {
                written.add(writeTelemetryCsv(doc, dir));
            }
        }
        return written;
    }
}
