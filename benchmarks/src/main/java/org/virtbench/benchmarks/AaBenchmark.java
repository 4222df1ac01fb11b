package org.virtbench.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtbench.runner.cli.CliEnvironment;
import org.virtbench.runner.cli.Main;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.results.PairedCells;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.Relative;
import org.virtbench.runner.stats.RoundSpread;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.LaunchMechanism;

/**
 * Prints how far an A/A relative strays from 1.0 under each trial order: the backend (host by
 * default) runs against a second copy of itself ({@code host@aa}) for each workload, once with
 * sequential and once with interleaved trials, {@code rounds} kept trials each (one more is
 * discarded), and this prints the round ratios' spread of both orders side by side. Not a test:
 * the figures of the closing note of issue 15.
 *
 * <pre>scripts/aa-benchmark.sh [backend] [workload,workload] [rounds]
 * (defaults: host bzip2,dd-file 10; quick profile)</pre>
 */
public final class AaBenchmark {
    private static final List<String> ORDERS = List.of("sequential", "interleaved");

    private AaBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        LaunchMechanism.preferVfork();
        String backend = args.length > 0 ? args[0] : "host";
        List<String> workloads = List.of((args.length > 1 ? args[1] : "bzip2,dd-file").split(","));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path root = Files.createTempDirectory("virtbench-aa");
        Map<String, Map<String, ResultsDocument.CellResult>> cells = new LinkedHashMap<>();
        Map<String, ResultsDocument> docs = new LinkedHashMap<>();
        try {
            for (String workload : workloads) {
                for (String order : ORDERS) {
                    Path out = root.resolve(workload + "-" + order);
                    int status = Main.execute(CliEnvironment.standard(), "aa", "--backend", backend, "--include",
                            "^" + workload + "$", "--rounds", Integer.toString(rounds), "--order", order, "--out",
                            out.toString());
                    if (status == Main.USAGE) {
                        System.exit(status);
                    }
                    String second = backend + "@aa";
                    ResultsDocument doc = Reports.read(out);
                    docs.put(workload + order, doc);
                    doc.cells().stream().filter(c -> c.cell().backend().equals(second)).findFirst()
                            .ifPresent(c -> cells.computeIfAbsent(workload, w -> new LinkedHashMap<>()).put(order, c));
                }
            }
        } finally {
            HostCommands.run("rm", "-rf", root.toString());
        }
        System.out.printf(Locale.ROOT, "%nA/A on %s: %s against %s@aa, quick profile, %d kept rounds per order. "
                + "Round ratio = trial of %s@aa / trial of %s of the same number (1.0 = no difference).%n",
                backend, backend, backend, rounds, backend, backend);
        System.out.printf(Locale.ROOT, "%-10s | %-44s | %-44s | %s%n", "", "sequential", "interleaved",
                "interleaved/sequential");
        System.out.printf(Locale.ROOT, "%-10s | %8s %15s %9s %8s | %8s %15s %9s %8s | %7s %7s%n", "workload",
                "relative", "min-max", "spread", "sd", "relative", "min-max", "spread", "sd", "spread", "sd");
        for (Map.Entry<String, Map<String, ResultsDocument.CellResult>> e : cells.entrySet()) {
            List<String> parts = new ArrayList<>();
            List<RoundSpread> spreads = new ArrayList<>();
            for (String order : ORDERS) {
                ResultsDocument.CellResult c = e.getValue().get(order);
                java.util.Optional<Relative> relative = c == null ? java.util.Optional.empty()
                        : PairedCells.relative(docs.get(e.getKey() + order), c, backend);
                if (relative.isEmpty() || relative.get().rounds().isEmpty()) {
                    parts.add(String.format(Locale.ROOT, "%-44s", "no value"));
                    continue;
                }
                RoundSpread s = RoundSpread.of(relative.get().rounds());
                spreads.add(s);
                parts.add(String.format(Locale.ROOT, "%8.4f %7.4f-%-7.4f %9.4f %8.4f", relative.get().value(), s.min(),
                        s.max(), s.spread(), s.stdDev()));
            }
            String ratio = spreads.size() < 2 ? "-" : String.format(Locale.ROOT, "%7.2f %7.2f",
                    spreads.get(1).spread() / spreads.get(0).spread(), spreads.get(1).stdDev() / spreads.get(0).stdDev());
            System.out.printf(Locale.ROOT, "%-10s | %s | %s | %s%n", e.getKey(), parts.get(0), parts.get(1), ratio);
        }
    }
}
