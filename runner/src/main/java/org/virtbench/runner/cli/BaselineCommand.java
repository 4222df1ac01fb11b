package org.virtbench.runner.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.virtbench.runner.gate.Baseline;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.results.ResultsDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code virtbench baseline write DIR > baseline.json}: the bounds {@code virtbench check} enforces. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Writes the bounds of a campaign's cells for 'virtbench check': 'baseline write DIR > baseline.json'.")
final class BaselineCommand implements Callable<Integer> {
    private final CliEnvironment env;

    BaselineCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        throw new UsageException("give 'baseline write DIR'; 'virtbench baseline write --help' explains it");
    }

    /** {@code baseline write}. */
    @Command(name = "write", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Prints, as JSON, a bound per cell of the campaign in DIR: relative to bare metal for a "
                    + "guest's cell, absolute for bare metal's, with a floor and a ceiling in percent.")
    static final class Write implements Callable<Integer> {
        private final CliEnvironment env;

        @Parameters(index = "0", paramLabel = "DIR", description = "A campaign's directory or results.json.")
        Path results;

        @Option(names = "--floor", paramLabel = "PCT", description = "How far below the value a cell may fall (default: 10).")
        double floor = 10;

        @Option(names = "--ceil", paramLabel = "PCT", description = "How far above the value a cell may rise (default: 10).")
        double ceil = 10;

        Write(CliEnvironment env) {
            this.env = env;
        }

        @Override
        public Integer call() throws IOException {
            if (!(floor >= 0 && floor <= 100) || !(ceil >= 0)) {
                throw new UsageException("--floor takes 0 to 100 and --ceil at least 0 (percent), such as --floor 10");
            }
            ResultsDocument doc = read(results);
            Baseline baseline = Baseline.of(doc, Reports.resultsFile(results).toString(), floor, ceil);
            if (baseline.bounds().isEmpty()) {
                throw new UsageException(results + " has no completed cell with a value to bound");
            }
            env.out().println(baseline.toJson());
            return 0;
        }
    }

    /** A campaign's results, or a usage error that says what to give. */
    static ResultsDocument read(Path given) {
        try {
            return Reports.read(given);
        } catch (NoSuchFileException e) {
            throw new UsageException(given + " holds no " + ResultsDocument.FILE
                    + "; give a campaign's output directory or its results file");
        } catch (IOException e) {
            throw new UsageException(given + " cannot be read: " + Main.oneLine(e.getMessage()));
        }
    }
}
