package org.virtbench.runner.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtbench.backend.Backend;
import org.virtbench.runner.campaign.Backends;
import org.virtbench.runner.campaign.InvalidOptionsException;
import java.util.concurrent.Callable;
import org.virtbench.plan.DataSize;
import org.virtbench.runner.selftest.Selftest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code virtbench selftest}: the harness measured against hyperfine. */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Measures virtbench's per-command overhead and bzip2 timing side by side with hyperfine.")
final class SelftestCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = "--overhead-runs", paramLabel = "N", description = "Runs of 'true' per tool (default 50).")
    int overheadRuns = 50;

    @Option(names = "--rounds", paramLabel = "N", description = "Alternating bzip2 rounds, one run per tool each (default 5).")
    int rounds = 5;

    @Option(names = "--size", paramLabel = "SIZE", description = "Size of the generated bzip2 input (default 64MiB).")
    String size = "64MiB";

    @Option(names = "--backend", split = ",", paramLabel = "NAME",
            description = "Also measure the per-command time of one guest of each of these backends (lxc, qemu, ssh:FILE, ...) in the same rounds.")
    List<String> backends = List.of();

    SelftestCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        long bytes;
        Selftest.Options options;
        try {
            bytes = DataSize.parse(size).bytes();
            options = new Selftest.Options(overheadRuns, rounds, bytes);
        } catch (IllegalArgumentException e) {
            throw new UsageException("selftest: " + e.getMessage());
        }
        Map<String, Backend> others;
        try {
            others = Backends.create(backends, env.providers());
        } catch (InvalidOptionsException e) {
            throw new UsageException("selftest: " + e.getMessage());
        }
        Selftest.Report report = Selftest.run(options, others, env.err());
        env.out().println("virtbench selftest, against " + report.hyperfineVersion() + " (hyperfine -N, no shell)");
        print(report.overhead(), 1e3, "ms");
        env.out().printf(Locale.ROOT, "  overhead ratio (median) %.3f, target <= %.1f: %s%n",
                report.overhead().medianRatio(), Selftest.OVERHEAD_TARGET, report.overheadMet() ? "met" : "NOT met");
        printPerCommand(report);
        print(report.timing(), 1, "s");
        env.out().printf(Locale.ROOT, "  timing ratio (mean) %.4f, target 1.00 +- %.2f: %s%n",
                report.timing().meanRatio(), Selftest.TIMING_TOLERANCE, report.timingMet() ? "met" : "NOT met");
        boolean backendsMet = report.perCommand().stream().allMatch(f -> f.met().orElse(true));
        return report.overheadMet() && report.timingMet() && backendsMet ? 0 : 1;
    }

    /** The per-command table: every way measured in the same interleaved rounds, medians. */
    private void printPerCommand(Selftest.Report report) {
        env.out().println("per-command time of 'true', medians in the same interleaved rounds (ms): span = the stamps "
                + "a sample carries, round trip = the runner's wait for the call, guest clock = the guest's own "
                + "elapsed time where it has a kernel of its own");
        // as wide as the longest way: an ssh backend's name holds its inventory's path
        int width = Math.max(30, report.perCommand().stream().mapToInt(f -> f.way().length()).max().orElse(0));
        String text = "  %-" + width + "s %8s %11s %12s  %s%n";
        String row = "  %-" + width + "s %8.3f %11.3f %12s  %s%n";
        env.out().printf(Locale.ROOT, text, "way", "span", "round trip", "guest clock", "target");
        env.out().printf(Locale.ROOT, text, "hyperfine -N", String.format(Locale.ROOT, "%.3f",
                report.overhead().hyperfineMedian() * 1e3), "-", "-", "(reference)");
        for (var f : report.perCommand()) {
            // where the guest's clock is read, the part of the runner's wait that is not the guest's own
            // spawn and reap (the round trip: a guest on this kernel has its stamps as the span)
            String share = f.guestClockMedian().map(g -> String.format(Locale.ROOT, " (transport's share %.3f ms)",
                    (f.roundTripMedian() - g) * 1e3)).orElse("");
            String target = f.targetSeconds().map(t -> String.format(Locale.ROOT, "<= %.0f ms: %s%s", t * 1e3,
                    f.met().orElseThrow() ? "met" : "NOT met", share)).orElse(
                    String.format(Locale.ROOT, "%.3fx hyperfine", f.spanMedian() / report.overhead().hyperfineMedian()));
            env.out().printf(Locale.ROOT, row, f.way(), f.spanMedian() * 1e3,
                    f.roundTripMedian() * 1e3, f.guestClockMedian().map(g -> String.format(Locale.ROOT, "%.3f", g * 1e3))
                            .orElse("-"), target);
        }
    }

    private void print(Selftest.Figures f, double scale, String unit) {
        env.out().printf(Locale.ROOT, "%s, %d runs each:%n", f.what(), f.runs());
        env.out().printf(Locale.ROOT, "  virtbench  mean %10.4f %s  median %10.4f %s  min %10.4f %s%n",
                f.virtbenchMean() * scale, unit, f.virtbenchMedian() * scale, unit, f.virtbenchMin() * scale, unit);
        env.out().printf(Locale.ROOT, "  hyperfine  mean %10.4f %s  median %10.4f %s  min %10.4f %s%n",
                f.hyperfineMean() * scale, unit, f.hyperfineMedian() * scale, unit, f.hyperfineMin() * scale, unit);
        env.out().printf(Locale.ROOT, "  ratio      mean %10.4f    median %10.4f    min %10.4f    paired by round %.4f%n",
                f.meanRatio(), f.medianRatio(), f.minRatio(), f.pairedRatio());
    }
}
