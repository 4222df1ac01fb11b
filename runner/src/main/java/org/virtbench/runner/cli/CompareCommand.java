package org.virtbench.runner.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.virtbench.runner.compare.CompareReport;
import org.virtbench.runner.compare.Comparison;
import org.virtbench.runner.stats.Adjustment;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.system.DurableFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code virtbench compare A B}: B's cells against A's. Exit status 0, or 1 when
 * {@code --fail-on-regression PCT} is given and a cell is worse beyond noise by more than PCT percent.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compares two campaigns cell by cell: both medians, their ratio, and whether the difference "
                + "is beyond noise (permutation test on the kept samples). Prints a table, writes compare.html.")
final class CompareCommand implements Callable<Integer> {
    /** Exit status when the regression gate fails. */
    static final int REGRESSION = 1;

    private final CliEnvironment env;

    @Parameters(index = "0", paramLabel = "A", description = "The reference: a campaign's directory or results.json.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The campaign to judge against A.")
    Path b;

    @Option(names = "--fail-on-regression", paramLabel = "PCT",
            description = "Exit 1 when a cell of B is worse than A beyond noise by more than PCT percent.")
    Double failOn;

    @Option(names = "--adjust", paramLabel = "holm|bh", description = "How p-values are adjusted across the cells: "
            + "holm (family-wise, default) or bh (Benjamini-Hochberg, false discovery rate).")
    String adjust = "holm";

    @Option(names = "--tolerance", paramLabel = "PCT", description = "The largest difference still called 'same' "
            + "(default: 5).")
    double tolerance = Comparison.DEFAULT_TOLERANCE * 100;

    @Option(names = "--html", paramLabel = "FILE", description = "Where to write the HTML table (default: compare.html "
            + "beside B's results).")
    Path html;

    CompareCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        if (failOn != null && !(failOn >= 0)) {
            throw new UsageException("--fail-on-regression " + failOn + " is not a percentage; give one such as 5");
        }
        Adjustment adjustment;
        try {
            adjustment = Adjustment.parse(adjust);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--adjust " + e.getMessage());
        }
        if (!(tolerance > 0 && tolerance < 100)) {
            throw new UsageException("--tolerance " + tolerance + " is not a percentage; give one such as 5");
        }
        Path fileA = results(a);
        Path fileB = results(b);
        ResultsDocument docA = Reports.read(fileA);
        ResultsDocument docB = Reports.read(fileB);
        Comparison comparison = Comparison.of(docA, docB, adjustment, tolerance / 100);
        CompareReport.print(comparison, fileA.toString(), fileB.toString(), env.out());
        Optional<Double> gate = Optional.ofNullable(failOn).map(p -> p / 100);
        Path target = html != null ? html : fileB.toAbsolutePath().getParent().resolve(CompareReport.FILE);
        DurableFiles.replace(target, CompareReport.html(comparison, fileA.toString(), fileB.toString(), gate));
        env.err().println("virtbench: comparison in " + target);
        if (gate.isEmpty()) {
            return 0;
        }
        List<Comparison.CellComparison> regressed = comparison.regressions(gate.get());
        for (Comparison.CellComparison c : regressed) {
            env.err().printf(Locale.ROOT, "virtbench: regression: %s on %s at n = %d is %.1f%% worse (adjusted p = %.3f), "
                            + "more than %.1f%%%n", c.workload(), c.backend(), c.guests(), c.worse().orElse(0.0) * 100,
                    c.adjustedP().orElse(Double.NaN), failOn);
        }
        return regressed.isEmpty() ? 0 : REGRESSION;
    }

    private static Path results(Path given) {
        try {
            return Reports.resultsFile(given);
        } catch (NoSuchFileException e) {
            throw new UsageException(given + " holds no " + ResultsDocument.FILE
                    + "; give a campaign's output directory or its results file");
        } catch (IOException e) {
            throw new UsageException(given + ": " + e.getMessage());
        }
    }
}
