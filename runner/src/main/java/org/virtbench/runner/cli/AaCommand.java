package org.virtbench.runner.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.results.PairedCells;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.Relative;
import org.virtbench.runner.stats.RoundSpread;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code virtbench aa}: an A/A campaign. The same backend runs twice under two labels
 * ({@code host,host@aa}); the second's value relative to the first should be 1.0, and how far its
 * round ratios stray from 1.0 is the noise any real difference has to beat.
 */
@Command(name = "aa", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a backend against itself (A/A) and prints the distribution of the relative value, which should be 1.0.")
final class AaCommand implements Callable<Integer> {
    /** The label of the second copy of the backend. */
    static final String LABEL = "aa";

    private final CliEnvironment env;

    @Option(names = "--backend", paramLabel = "ID", description = "The backend to run against itself (default: host).")
    String backend = "host";

    @Option(names = "--include", paramLabel = "REGEX", required = true, description = "The workloads, such as '^(bzip2|dd-file)$'.")
    String include;

    @Option(names = "--profile", paramLabel = "quick|paper", description = "Parameter sizes (default: quick).")
    String profile = "quick";

    @Option(names = "--rounds", paramLabel = "N", description = "Kept trials per backend, one per round (default: 10).")
    int rounds = 10;

    @Option(names = "--order", paramLabel = "interleaved|sequential|random:SEED", description = "Order of trials (default: interleaved).")
    String order = "interleaved";

    @Option(names = "--scale", paramLabel = "N", description = "Guest count (default: 1).")
    int scale = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: a new folder under results/).")
    Path out;

    AaCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        if (rounds < 2) {
            throw new UsageException("--rounds " + rounds + " gives no spread; give at least 2, such as 10");
        }
        if (backend.contains("@")) {
            throw new UsageException("--backend " + backend + " already has a label; give the plain id, such as host");
        }
        Path dir = out != null ? out : env.resultsRoot().resolve("aa-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String second = labelled(backend);
        List<String> run = new ArrayList<>(List.of("run", "--backend", backend + "," + second, "--include", include,
                "--profile", profile, "--repeat", Integer.toString(rounds + 1), "--discard", "1", "--order", order,
                "--scale", Integer.toString(scale), "--out", dir.toString(), "--format", "html"));
        int status = Main.commandLine(env).execute(run.toArray(String[]::new));
        if (status == Main.USAGE) {
            return status;
        }
        ResultsDocument results = Reports.read(dir);
        env.out().println();
        env.out().printf("A/A: %s against itself (%s), %s order, %d rounds; relative should be 1.0%n", backend,
                second, order, rounds);
        env.out().println(table(results, second));
        return status;
    }

    /** {@code host} as its second copy: {@code host@aa}, or {@code ssh@aa:lab.yaml}. */
    static String labelled(String id) {
        int colon = id.indexOf(':');
        return colon < 0 ? id + "@" + LABEL : id.substring(0, colon) + "@" + LABEL + id.substring(colon);
    }

    /** One line per cell of the labelled copy: the relative and its round ratios' distribution. */
    static String table(ResultsDocument results, String second) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-16s %4s %9s %6s %7s %7s %7s %7s %7s %8s %8s",
                "workload", "n", "relative", "rounds", "min", "q1", "median", "q3", "max", "spread", "sd"));
        for (ResultsDocument.CellResult c : results.cells()) {
            if (!c.cell().backend().equals(second)) {
                continue;
            }
            b.append('\n');
            Optional<Relative> relative = PairedCells.relative(results, c, first(second));
            if (relative.isEmpty() || relative.get().rounds().isEmpty()) {
                b.append(String.format(Locale.ROOT, "%-16s %4d  no relative value: %s", c.cell().workload(), c.cell().guests(),
                        c.outcome().reason() == null ? c.outcome().status().label() : c.outcome().reason()));
                continue;
            }
            RoundSpread s = RoundSpread.of(relative.get().rounds());
            b.append(String.format(Locale.ROOT, "%-16s %4d %9.4f %6d %7.4f %7.4f %7.4f %7.4f %7.4f %8.4f %8.4f",
                    c.cell().workload(), c.cell().guests(), relative.get().value(), s.rounds(), s.min(), s.q1(), s.median(), s.q3(),
                    s.max(), s.spread(), s.stdDev()));
        }
        return b.toString();
    }

    /** {@code host} for {@code host@aa}, {@code ssh:lab.yaml} for {@code ssh@aa:lab.yaml}. */
    static String first(String second) {
        return second.replace("@" + LABEL, "");
    }

}
