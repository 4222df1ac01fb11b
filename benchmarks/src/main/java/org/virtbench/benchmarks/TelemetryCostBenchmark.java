package org.virtbench.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import org.virtbench.backend.BackendProvider;
import org.virtbench.plan.PlanIndex;
import org.virtbench.runner.campaign.CampaignEnvironment;
import org.virtbench.runner.campaign.CampaignOptions;
import org.virtbench.runner.campaign.CampaignRunner;
import org.virtbench.runner.campaign.Profile;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.telemetry.HostSnapshot;
import org.virtbench.runner.telemetry.TelemetryInterval;
import org.virtbench.runner.transport.LaunchMechanism;

/**
 * Prints what telemetry costs a measurement: bzip2 under the quick profile on the host, in
 * campaigns with {@code --telemetry off} and with a period (1s by default) alternated round by
 * round, so both see the same machine. Prints each round's median, the medians over all kept
 * samples, and their ratio (on / off; the target is within 1%). Not a test.
 *
 * <p>First it prints the sampler's own CPU time per host sample; with 0 rounds, only that.
 *
 * <pre>scripts/telemetry-cost.sh [rounds] [trials per campaign] [period]   (defaults: 4 15 1s)</pre>
 */
public final class TelemetryCostBenchmark {
    private TelemetryCostBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        LaunchMechanism.preferVfork();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        String period = args.length > 2 ? args[2] : "1s";
        Path root = Files.createTempDirectory("virtbench-telemetry-cost",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<BackendProvider> providers = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        // the campaigns' own tables are not this benchmark's output
        CampaignEnvironment env = new CampaignEnvironment(
                () -> WorkloadCatalog.of(PlanIndex.load(TelemetryCostBenchmark.class.getClassLoader())), providers,
                root, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()));
        samplerCost(period);
        if (rounds == 0) {
            return;
        }
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        List<Double> pairRatios = new ArrayList<>();
        System.out.printf(Locale.ROOT, "bzip2 (quick) on host, %d rounds of %d trials (1 discarded) with telemetry off "
                + "and %s, alternated; seconds, median per campaign%n", rounds, trials, period);
        for (int round = 0; round < rounds; round++) {
            double[] pair = new double[2]; // off, on: this round's medians
            // alternate which goes first, so a drift of the machine favours neither
            for (String mode : round % 2 == 0 ? List.of("off", period) : List.of(period, "off")) {
                Path dir = root.resolve(round + "-" + mode);
                new CampaignRunner(env).run(CampaignOptions.builder().backends("host").include("^bzip2$")
                        .profile(Profile.QUICK).repeat(trials).discard(1).scales(List.of(1)).telemetry(mode)
                        .output(dir).formats(Set.of()).commandLine(List.of("telemetry-cost")).build());
                List<Double> values = Journal.read(dir.resolve(Journal.FILE)).stream()
                        .filter(e -> e instanceof JournalEntry.Sample s && !s.discarded() && s.outcome().value() != null)
                        .map(e -> ((JournalEntry.Sample) e).outcome().value()).toList();
                (mode.equals("off") ? off : on).addAll(values);
                pair[mode.equals("off") ? 0 : 1] = median(values);
                System.out.printf(Locale.ROOT, "round %d  telemetry %-5s median %.4f s  (%d samples)%n", round + 1,
                        mode, median(values), values.size());
            }
            // the two campaigns of a round ran back to back: their ratio sees the least drift
            pairRatios.add(pair[1] / pair[0]);
            System.out.printf(Locale.ROOT, "round %d  ratio on/off %.4f%n", round + 1, pair[1] / pair[0]);
        }
        double medianOff = median(off);
        double medianOn = median(on);
        System.out.printf(Locale.ROOT, "all rounds: off %.4f s, %s %.4f s, ratio on/off %.4f (%+.2f%%)%n", medianOff,
                period, medianOn, medianOn / medianOff, (medianOn / medianOff - 1) * 100);
        System.out.printf(Locale.ROOT, "per round ratio on/off: median %.4f, min %.4f, max %.4f over %d rounds%n",
                median(pairRatios), pairRatios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                pairRatios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), pairRatios.size());
        System.out.println("campaigns kept in " + root);
    }

    /**
     * The sampler's own CPU time per host sample (the same reads a periodic sample makes), over many
     * samples: a figure that the noise of a loaded machine does not blur, unlike the ratio.
     */
    private static void samplerCost(String period) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200; i++) {
            HostSnapshot.read(); // warm-up: JIT and page cache
        }
        int samples = 2000;
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            HostSnapshot.read();
        }
        double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / samples;
        double wallMicros = (System.nanoTime() - wall) / 1e3 / samples;
        double perSecond = 1000.0 / TelemetryInterval.parse(period).millis();
        System.out.printf(Locale.ROOT, "sampler: %.1f us CPU (%.1f us wall) per host sample; at %s that is %.4f%% of "
                + "one CPU%n", cpuMicros, wallMicros, period, cpuMicros * perSecond / 1e6 * 100);
    }

    private static double median(List<Double> values) {
        return Statistics.median(values);
    }
}
