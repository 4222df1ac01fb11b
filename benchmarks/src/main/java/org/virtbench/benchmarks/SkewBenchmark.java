package org.virtbench.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.runner.campaign.CampaignOptions;
import org.virtbench.runner.campaign.InvalidOptionsException;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.LaunchMechanism;

/**
 * Prints how together n guests start: the campaign engine runs a light workload (a timed
 * {@code sleep}, 1 s by default) in n guests of a backend for each n, a few trials each, and this
 * prints per n the start skew of each trial (latest minus earliest start of the measured commands
 * on the host's clock), its median and largest, and the common window. Not a test: the figures of
 * the closing note of issue 7 (target: at most 5 ms at n = 32 on lxc). After the campaign, in the
 * same run, the {@link SkewFloor}: the same release of bare processes on the host, for comparison.
 *
 * <pre>scripts/skew-benchmark.sh [backend] [n,n,...] [trials] [seconds]
 * (defaults: lxc 1,2,4,8,16,32 5 1; backend "floor": only the floor)</pre>
 */
public final class SkewBenchmark {
    private SkewBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        LaunchMechanism.preferVfork();
        String backendId = args.length > 0 ? args[0] : "lxc";
        List<Integer> scales = Arrays.stream((args.length > 1 ? args[1] : "1,2,4,8,16,32").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String seconds = args.length > 3 ? args[3] : "1";
        if (backendId.equals("floor")) {
            printFloor(scales, trials, seconds);
            return;
        }
        Path dir = Files.createTempDirectory("virtbench-skew");
        try {
            // the table of the campaign's cells is not this benchmark's output: only its progress is shown
            Campaigns.run(new SleepPlan(seconds, false), CampaignOptions.builder().backends(backendId).repeat(trials)
                    .discard(0).scales(scales).memory(MemoryPolicy.paper()).output(dir.resolve("campaign"))
                    .formats(Set.of()).commandLine(List.of("skew-benchmark")).build(), dir, System.err);
        } catch (InvalidOptionsException e) {
            System.err.println("skew-benchmark: " + e.getMessage());
            System.exit(2);
        }
        List<JournalEntry> entries = Journal.read(dir.resolve("campaign").resolve(Journal.FILE));
        System.out.printf(Locale.ROOT, "start skew on %s, sleep %s s, %d trials (ms, host clock). gated: guests the "
                + "start gate released; release: how together the gate opened in them (with each guest clock's "
                + "uncertainty); delivery: how together the release reached them; late: guests it reached after "
                + "the start instant (all trials); start: how together their commands started%n", backendId, seconds,
                trials);
        System.out.printf(Locale.ROOT, "%4s %7s %15s %15s %4s %15s %11s  %s%n", "n", "gated", "release med/max",
                "delivery med/max", "late", "start med/max", "min window", "start skew of each trial");
        for (int n : scales) {
            List<JournalEntry.TrialWindow> windows = entries.stream()
                    .filter(e -> e instanceof JournalEntry.TrialWindow w && w.guests() == n)
                    .map(JournalEntry.TrialWindow.class::cast).toList();
            String status = entries.stream().filter(e -> e instanceof JournalEntry.CellFinished f && f.guests() == n)
                    .map(e -> ((JournalEntry.CellFinished) e).reason()).filter(r -> r != null).findFirst().orElse("");
            if (windows.isEmpty()) {
                System.out.printf(Locale.ROOT, "%4d  no trial measured: %s%n", n, status);
                continue;
            }
            double[] skews = windows.stream().mapToDouble(w -> w.startSkewNanos() / 1e6).sorted().toArray();
            double[] releases = figures(windows, JournalEntry.TrialWindow::releaseSkewNanos);
            double[] deliveries = figures(windows, JournalEntry.TrialWindow::deliverySkewNanos);
            String late = windows.stream().allMatch(w -> w.lateGuests() == null) ? "-" : Integer.toString(
                    windows.stream().mapToInt(w -> w.lateGuests() == null ? 0 : w.lateGuests()).sum());
            double window = windows.stream().mapToDouble(w -> w.commonWindowNanos() / 1e6).min().orElseThrow();
            int gated = windows.stream().mapToInt(w -> w.gatedGuests() == null ? 0 : w.gatedGuests()).min().orElse(0);
            System.out.printf(Locale.ROOT, "%4d %4d/%-2d %15s %15s %4s %7.3f/%-7.3f %11.1f  %s%s%n", n, gated, n,
                    medMax(releases), medMax(deliveries), late,
                    skews[skews.length / 2], skews[skews.length - 1], window,
                    String.join(" ", windows.stream().map(w -> String.format(Locale.ROOT, "%.3f",
                            w.startSkewNanos() / 1e6)).toList()), status.isEmpty() ? "" : "  (" + status + ")");
        }
        printFloor(scales, trials, seconds);
        HostCommands.run("rm", "-rf", dir.toString());
    }

    private static double[] figures(List<JournalEntry.TrialWindow> windows,
                                    java.util.function.Function<JournalEntry.TrialWindow, Long> figure) {
        return windows.stream().map(figure).filter(v -> v != null).mapToDouble(v -> v / 1e6).sorted().toArray();
    }

    /** Median and largest of sorted figures, or "-" without any. */
    private static String medMax(double[] sorted) {
        return sorted.length == 0 ? "-" : String.format(Locale.ROOT, "%7.3f/%-7.3f", sorted[sorted.length / 2],
                sorted[sorted.length - 1]);
    }

    /** The floor, measured after the campaign in the same run: bare wrapped processes on the host. */
    private static void printFloor(List<Integer> scales, int trials, String seconds) {
        System.out.printf(Locale.ROOT, "floor: n bare processes on the host, each the gate's wrapper around sleep %s, "
                + "released and measured the same way without transport, guest or engine (ms)%n", seconds);
        System.out.printf(Locale.ROOT, "%4s %15s %15s %4s %15s  %s%n", "n", "release med/max", "delivery med/max",
                "late", "start med/max", "start skew of each trial");
        for (int n : scales) {
            try {
                List<SkewFloor.Trial> runs = new java.util.ArrayList<>();
                for (int t = 0; t < trials; t++) {
                    runs.add(SkewFloor.trial(n, List.of("sleep", seconds)));
                }
                double[] release = runs.stream().mapToDouble(r -> r.releaseSkewNanos() / 1e6).sorted().toArray();
                double[] delivery = runs.stream().mapToDouble(r -> r.deliverySkewNanos() / 1e6).sorted().toArray();
                double[] start = runs.stream().mapToDouble(r -> r.startSkewNanos() / 1e6).sorted().toArray();
                System.out.printf(Locale.ROOT, "%4d %15s %15s %4d %7.3f/%-7.3f  %s%n", n, medMax(release),
                        medMax(delivery), runs.stream().mapToInt(SkewFloor.Trial::late).sum(),
                        start[start.length / 2], start[start.length - 1],
                        String.join(" ", runs.stream().map(r -> String.format(Locale.ROOT, "%.3f",
                                r.startSkewNanos() / 1e6)).toList()));
            } catch (IOException e) {
                System.out.printf(Locale.ROOT, "%4d  floor not measured: %s%n", n, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
