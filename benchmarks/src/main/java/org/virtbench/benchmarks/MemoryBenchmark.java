package org.virtbench.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.runner.campaign.CampaignOptions;
import org.virtbench.runner.campaign.InvalidOptionsException;
import org.virtbench.runner.transport.HostCommands;

/**
 * Prints the runner's resident memory as a campaign grows: 24 cells of a cheap workload
 * ({@code sleep 0}) on the host backend, n = 1..16 then every second n up to 32, a few trials each,
 * and after cells 1, 12 and 24 the process's peak resident set ({@code VmHWM}), its resident set
 * now, and the heap committed and used. Without arguments it runs the campaign once in a child JVM
 * per heap setting (the JDK's defaults, the harness's heap with the optimizing JIT compiler C2, then
 * the setting {@code ./virtbench} uses) and prints them
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
        List<List<String>> settings = List.of(List.of(), HeapSettings.HARNESS_WITH_C2, HeapSettings.HARNESS);
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
        Path dir = Files.createTempDirectory("virtbench-memory");
        System.out.printf(Locale.ROOT, "%5s %8s %8s %14s %14s%n", "cell", "VmHWM", "VmRSS", "heap committed",
                "heap used");
        // The campaign's progress lines tell when a cell ended; the figures are read right then.
        int[] done = {0};
        PrintStream progress = Campaigns.lines(line -> {
            if (line.contains(": completed") || line.contains(": FAILED") || line.contains(": does not fit")) {
                done[0]++;
                if (REPORTED.contains(done[0])) {
                    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                    System.out.printf(Locale.ROOT, "%5d %8.1f %8.1f %14.1f %14.1f%n", done[0], status("VmHWM"),
                            status("VmRSS"), heap.getCommitted() / 1048576.0, heap.getUsed() / 1048576.0);
                }
            }
        });
        try {
            Campaigns.run(new SleepPlan("0", false), CampaignOptions.builder().backends("host").repeat(trials)
                    .discard(0).scales(SCALES).memory(MemoryPolicy.paper()).output(dir.resolve("campaign"))
                    .commandLine(List.of("memory-benchmark")).build(), dir, progress);
        } catch (InvalidOptionsException e) {
            System.out.println("memory-benchmark: " + e.getMessage());
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
