package org.virtbench.runner.selftest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.backend.Backend;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.runner.backend.host.HostBackend;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.transport.ProcessGuest;
import org.virtbench.runner.transport.ssh.SshGuest;

/**
 * The harness benchmark: virtbench's host transport measured side by side with hyperfine in one
 * run, on the same commands, in alternating rounds so that a change in the machine's load during
 * the run affects both alike.
 *
 * <ul>
 *   <li>Per-command overhead: {@code true} through the host transport vs {@code hyperfine -N true}.
 *       Target: ratio at most 1.0.</li>
 *   <li>Timing: {@code bzip2 -9 -k -f FILE} of a generated, compressible file (64 MiB by default)
 *       as virtbench times it vs hyperfine's mean. Target: ratio 1.00 +- 0.01.</li>
 * </ul>
 */
public final class Selftest {
    /** The overhead target: virtbench's per-command time over hyperfine's, at most this. */
    public static final double OVERHEAD_TARGET = 1.0;
    /** The timing target: the ratio of the bzip2 times within this of 1. */
    public static final double TIMING_TOLERANCE = 0.01;

    private Selftest() {
    }

    /**
     * @param overheadRuns runs of {@code true} for each tool (50 by default)
     * @param timingRounds rounds of bzip2, each one run by each tool (5 by default)
     * @param inputBytes   size of the generated bzip2 input (64 MiB by default)
     */
    public record Options(int overheadRuns, int timingRounds, long inputBytes) {
        public Options {
            if (overheadRuns < 10 || timingRounds < 1 || inputBytes < 1) {
                throw new IllegalArgumentException("at least 10 overhead runs, 1 timing round and 1 byte of input");
            }
        }
    }

    /**
     * One quantity measured by both tools, in seconds.
     *
     * @param pairedRatio the median over rounds of virtbench's time over hyperfine's in the same
     *                    round: the figure least moved by a change of load during the run
     * @param virtbenchMin the fastest run: interference from other load only ever adds time, so on
     *                     a busy machine the minima compare the tools best
     */
    public record Figures(String what, int runs, double virtbenchMean, double virtbenchMedian, double hyperfineMean,
                          double hyperfineMedian, double pairedRatio, double virtbenchMin, double hyperfineMin) {
        public double minRatio() {
            return virtbenchMin / hyperfineMin;
        }

        public double meanRatio() {
            return virtbenchMean / hyperfineMean;
        }

        public double medianRatio() {
            return virtbenchMedian / hyperfineMedian;
        }
    }

    /**
     * The outcome.
     *
     * @param overheadMet the median overhead ratio is at most {@link #OVERHEAD_TARGET}
     * @param timingMet   the mean timing ratio is within {@link #TIMING_TOLERANCE} of 1
     */
    public record Report(String hyperfineVersion, Figures overhead, Figures timing, boolean overheadMet,
                         boolean timingMet, List<PerCommand.Figures> perCommand) {
        public Report {
            perCommand = List.copyOf(perCommand);
        }
    }

    /** The per-command target of a backend with its own kernel reached over SSH, in seconds. */
    static final double REMOTE_TARGET = 0.010;
    /** The memory of each guest the selftest provisions: enough for a booted minimal guest and {@code true}. */
    static final long GUEST_MEMORY = 256L << 20;
    /** The per-command target of an LXC guest, in seconds. */
    static final double LXC_TARGET = 0.002;

    /** Runs both measurements on the host alone and reports progress on {@code log}. */
    public static Report run(Options options, PrintStream log) throws IOException {
        return run(options, Map.of(), log);
    }

    /**
     * Runs both measurements, and the per-command time of one guest of each of {@code others}
     * (such as lxc or qemu) in the same interleaved rounds, reporting progress on {@code log}.
     */
    public static Report run(Options options, Map<String, Backend> others, PrintStream log) throws IOException {
        String version = Hyperfine.version();
        HostBackend backend = new HostBackend(HostBackend.DEFAULT_ROOT);
        List<Provisioning> opened = new ArrayList<>();
        List<SshGuest> withoutHelper = new ArrayList<>();
        try (Provisioning provisioning = backend.provision(new ProvisionRequest(1, 0, false, List.of(),
                Path.of(System.getProperty("java.io.tmpdir"))))) {
            Guest guest = provisioning.guests().get(0);
            Path scratch = Path.of(guest.workDir());

            // the same host without the exec helper: how every command was spawned before it
            ProcessGuest jdk = new ProcessGuest("host-jdk", 0, "127.0.0.1", scratch.resolve("jdk").toString(),
                    List.of(), Path.of("/"));
            PerCommand transport = new PerCommand("host transport", guest, Optional.empty());
            List<PerCommand> ways = new ArrayList<>(List.of(transport,
                    new PerCommand("host, JDK spawn (no helper)", jdk, Optional.empty())));
            for (Map.Entry<String, Backend> other : others.entrySet()) {
                log.println("selftest: provisioning one " + other.getKey() + " guest");
                Provisioning p = other.getValue().provision(new ProvisionRequest(1, GUEST_MEMORY, false, List.of(),
                        Path.of(System.getProperty("java.io.tmpdir"))));
                opened.add(p);
                Guest first = p.guests().get(0);
                ways.add(new PerCommand(other.getKey(), first, Optional.of(
                        other.getKey().startsWith("lxc") ? LXC_TARGET : REMOTE_TARGET)));
                if (first instanceof SshGuest ssh) {
                    // the same guest on a second session without the helper: how every command ran before it
                    SshGuest channels = new SshGuest(ssh.name() + "-channels", 0, ssh.workDir(), ssh.endpoint());
                    withoutHelper.add(channels);
                    channels.stopExecHelper();
                    ways.add(new PerCommand(other.getKey() + ", channel per command", channels, Optional.empty()));
                }
            }
            log.println("selftest: per-command overhead, " + options.overheadRuns() + " runs of 'true' each, "
                    + ways.size() + " way(s) and hyperfine in interleaved rounds");
            int perRound = 10;
            int rounds = (options.overheadRuns() + perRound - 1) / perRound;
            ways.forEach(w -> w.warmUp(perRound));
            List<Double> hfTrue = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                hfTrue.addAll(Hyperfine.times(List.of("true"), perRound, 2, scratch));
                ways.forEach(w -> w.measure(perRound));
            }
            Figures overhead = figures("per-command overhead (true)", transport.spans(), hfTrue, perRound);
            List<PerCommand.Figures> perCommand = ways.stream().map(PerCommand::figures).toList();

            Path input = scratch.resolve("input.txt");
            log.println("selftest: generating " + options.inputBytes() + " bytes of input");
            InputFile.generate(input, options.inputBytes(), 20080723L);
            List<String> bzip2 = List.of("bzip2", "-9", "-k", "-f", input.toString());
            log.println("selftest: timing " + String.join(" ", bzip2) + ", " + options.timingRounds()
                    + " alternating round(s)");
            guest.run(Command.of(bzip2)).requireSuccess(); // warm-up, untimed
            List<Double> vbBzip2 = new ArrayList<>();
            List<Double> hfBzip2 = new ArrayList<>();
            for (int r = 0; r < options.timingRounds(); r++) {
                // ABBA order: a drift in load over the run touches both tools alike
                if (r % 2 == 0) {
                    vbBzip2.add(seconds(guest.run(Command.of(bzip2)).requireSuccess()));
                    hfBzip2.addAll(Hyperfine.times(bzip2, 1, 0, scratch));
                } else {
                    hfBzip2.addAll(Hyperfine.times(bzip2, 1, 0, scratch));
                    vbBzip2.add(seconds(guest.run(Command.of(bzip2)).requireSuccess()));
                }
                log.printf("selftest: round %d: virtbench %.4f s, hyperfine %.4f s%n", r + 1,
                        vbBzip2.get(vbBzip2.size() - 1), hfBzip2.get(hfBzip2.size() - 1));
            }
            Figures timing = figures("bzip2 -9 of " + options.inputBytes() + " bytes", vbBzip2, hfBzip2, 1);
            return new Report(version, overhead, timing, overhead.medianRatio() <= OVERHEAD_TARGET,
                    Math.abs(timing.meanRatio() - 1) <= TIMING_TOLERANCE, perCommand);
        } finally {
            withoutHelper.forEach(SshGuest::close);
            for (Provisioning p : opened) {
                p.close();
            }
        }
    }

    private static double seconds(CommandResult result) {
        return (result.hostEndNanos() - result.hostStartNanos()) / 1e9;
    }

    /** The figures of both series, measured in rounds of {@code perRound} runs each. */
    private static Figures figures(String what, List<Double> virtbench, List<Double> hyperfine, int perRound) {
        List<Double> ratios = new ArrayList<>();
        for (int from = 0; from + perRound <= Math.min(virtbench.size(), hyperfine.size()); from += perRound) {
            ratios.add(median(virtbench.subList(from, from + perRound))
                    / median(hyperfine.subList(from, from + perRound)));
        }
        return new Figures(what, virtbench.size(), mean(virtbench), median(virtbench), mean(hyperfine),
                median(hyperfine), median(ratios), min(virtbench), min(hyperfine));
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double median(List<Double> values) {
        return Statistics.median(values);
    }
}
