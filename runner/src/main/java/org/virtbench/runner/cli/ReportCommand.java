package org.virtbench.runner.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtbench.runner.report.ReportFormat;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.results.ResultsDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code virtbench report DIR}: writes report.html, results.csv and, asked for, JMH's JSON. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes the report of a campaign's results beside them: report.html (the paper's figures "
                + "and tables) and results.csv by default; jmh-result.json with --format jmh.")
final class ReportCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "DIR", description = "A campaign's output directory, or its results.json.")
    Path results;

    @Option(names = "--format", split = ",", paramLabel = "html|csv|jmh",
            description = "What to write (default: html,csv).")
    List<ReportFormat> formats = List.of(ReportFormat.HTML, ReportFormat.CSV);

    ReportCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        ResultsDocument doc;
        Path file;
        try {
            file = Reports.resultsFile(results);
            doc = Reports.read(file);
        } catch (NoSuchFileException e) {
            throw new UsageException(results + " holds no " + ResultsDocument.FILE
                    + "; give a campaign's output directory (virtbench run --out DIR) or its results file");
        }
        Path dir = file.toAbsolutePath().getParent();
        for (Path written : Reports.write(doc, dir, EnumSet.copyOf(formats))) {
            env.out().println(written);
        }
        return 0;
    }
}
