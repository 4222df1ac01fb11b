package org.virtbench.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.LaunchMechanism;
import org.virtbench.runner.transport.ProcessGuest;

/**
 * Where the host transport's per-command time goes, measured before changing how it spawns: the
 * same {@code true}, in rounds that interleave each way of running it, median per way in
 * microseconds. Ways, each adding one part: the JDK's spawn and its process reaper with no pipe at
 * all (output to /dev/null); the same with the two output pipes read on the caller's thread; the
 * host transport itself (pipes drained by two pooled threads, the wait with a timeout); and
 * {@code hyperfine -N}'s mean for the same command, the reference.
 *
 * <pre>java ... OverheadBreakdown [runs per round] [rounds]   (defaults 40 5)</pre>
 */
public final class OverheadBreakdown {
    private OverheadBreakdown() {
    }

    public static void main(String[] args) throws Exception {
        LaunchMechanism.preferVfork();
        int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path scratch = Files.createTempDirectory("virtbench-overhead");
        ProcessGuest host = new ProcessGuest("host", 0, "127.0.0.1", scratch.resolve("g").toString(), List.of(), Path.of("/"));
        List<String> names = List.of("spawn+reap, no pipes", "spawn+reap, 2 pipes read inline",
                "host transport (2 drain threads)", "hyperfine -N (mean)");
        List<List<Double>> times = new ArrayList<>();
        names.forEach(n -> times.add(new ArrayList<>()));
        List<LongSupplier> ways = List.of(OverheadBreakdown::noPipes, OverheadBreakdown::inlinePipes, () -> {
            var r = host.run("true");
            return r.hostEndNanos() - r.hostStartNanos();
        });
        for (int round = 0; round < rounds + 1; round++) {
            for (int w = 0; w < ways.size(); w++) {
                for (int i = 0; i < perRound; i++) {
                    long nanos = ways.get(w).getAsLong();
                    if (round > 0) { // the first round warms up
                        times.get(w).add(nanos / 1e3);
                    }
                }
            }
            if (round > 0) {
                for (double seconds : org.virtbench.runner.selftest.Hyperfine.times(List.of("true"), perRound, 2, scratch)) {
                    times.get(3).add(seconds * 1e6);
                }
            }
        }
        System.out.printf(Locale.ROOT, "per-command time of 'true', %d rounds x %d runs, interleaved (us; machine "
                + "loaded by other work)%n", rounds, perRound);
        double reference = mean(times.get(3));
        for (int w = 0; w < names.size(); w++) {
            System.out.printf(Locale.ROOT, "%-34s median %8.1f  mean %8.1f  mean/hyperfine %5.2f%n", names.get(w),
                    median(times.get(w)), mean(times.get(w)), mean(times.get(w)) / reference);
        }
        HostCommands.run("rm", "-rf", scratch.toString());
    }

    private static long noPipes() {
        ProcessBuilder b = new ProcessBuilder("true").redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        try {
            b.start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - start;
    }

    private static long inlinePipes() {
        ProcessBuilder b = new ProcessBuilder("true").redirectInput(new File("/dev/null"));
        long start = System.nanoTime();
        try {
            Process p = b.start();
            p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            p.waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - start;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
