package org.virtbench.runner.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.virtbench.backend.Backend;
import org.virtbench.runner.engine.CampaignEngine;
import org.virtbench.runner.engine.CampaignPlanner;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.meta.HostMemory;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.LaunchMechanism;

/**
 * Prints the runner's resident memory as a campaign grows: 24 cells of a cheap workload
 * ({@code sleep 0}) on the host backend, n = 1..16 then every second n up to 32, a few trials each,
 * and after cells 1, 12 and 24 the process's peak resident set ({@code VmHWM}), its resident set
 * now, and the heap committed and used. Without arguments it runs the campaign once in a child JVM
 * per heap setting (the JDK's defaults, the serial collector alone, then the setting
 * {@code ./virtbench} uses) and prints them
 * side by side; {@code --child} runs one campaign in this JVM. Target of issue 17: VmHWM at most
 * 256 MiB, not growing with the cells.
 *
 * <pre>scripts/memory-benchmark.sh [trials]   (default 3)</pre>
 */
public final class MemoryBenchmark {
    /** The cells after which the figures are printed. */
    private static final Set<Integer> REPORTED = Set.of(1, 12, 24);
    /** n of the 24 cells. */
    private static final List<Integer> SCALES = IntStream.concat(IntStream.rangeClosed(1, 16),
            IntStream.iterate(18, n -> n <= 32, n -> n + 2)).boxed().toList();

    private MemoryBenchmark() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args.length > 1 ? Integer.parseInt(args[1]) : 3);
            return;
        }
        String trials = args.length > 0 ? args[0] : "3";
        List<List<String>> settings = List.of(List.of(), List.of("-XX:+UseSerialGC"), HeapSettings.HARNESS);
        List<String> columns = new ArrayList<>();
        for (List<String> flags : settings) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(flags);
            command.addAll(List.of("-Djdk.lang.Process.launchMechanism=VFORK", "-cp", System.getProperty("java.class.path"),
                    MemoryBenchmark.class.getName(), "--child", trials));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            String name = flags.isEmpty() ? "JDK defaults" : String.join(" ", flags);
            columns.add("== " + name + " ==\n" + out);
        }
        System.out.printf(Locale.ROOT, "runner memory over a campaign of %d cells (host, sleep 0, n up to 32, %s trials)"
                + "; MiB%n", SCALES.size(), trials);
        columns.forEach(System.out::print);
    }

    private static void child(int trials) throws IOException {
        LaunchMechanism.preferVfork();
        Backend backend = SkewBenchmark.backend("host");
        Path dir = Files.createTempDirectory("virtbench-memory");
        CampaignSettings settings = new CampaignSettings(List.of(backend.id()), null, null, "paper", Map.of(),
                trials, 0, SCALES, StatsMode.PAPER, CampaignSettings.DEFAULT_MAX_RSD, List.of("memory-benchmark"),
                Instant.now().toString(), "paper", null);
        System.out.printf(Locale.ROOT, "%5s %4s %8s %8s %14s %14s%n", "cell", "n", "VmHWM", "VmRSS", "heap committed",
                "heap used");
        ProgressListener listener = new ProgressListener() {
            private int done;

            @Override
            public void cellFinished(CellKey cell, CellStatus status, String reason) {
                done++;
                if (REPORTED.contains(done)) {
                    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                    System.out.printf(Locale.ROOT, "%5d %4d %8.1f %8.1f %14.1f %14.1f%s%n", done, cell.guests(),
                            status("VmHWM"), status("VmRSS"), heap.getCommitted() / 1048576.0, heap.getUsed() / 1048576.0,
                            reason == null ? "" : "  (" + reason + ")");
                }
            }
        };
        try (Journal journal = Journal.open(dir.resolve(Journal.FILE))) {
            new CampaignEngine(settings, Map.of(backend.id(), backend), journal, JournalState.empty(),
                    HostMemory.totalBytes(), listener, dir)
                    .run(CampaignPlanner.plan(settings, WorkloadCatalog.of(List.of(new SleepPlan("0", false)))));
        }
        HostCommands.run("rm", "-rf", dir.toString());
    }

    /** A figure of {@code /proc/self/status} in MiB. */
    private static double status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // not Linux: no figure
        }
        return Double.NaN;
    }
}
