package org.virtbench.runner.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;
import org.virtbench.plan.PlanIndex;
import org.virtbench.runner.engine.CampaignEngine;
import org.virtbench.runner.engine.CampaignPlanner;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.meta.HostMemory;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.transport.LaunchMechanism;

/**
 * Prints what telemetry costs a measurement: bzip2 under the quick profile on the host, in
 * campaigns with {@code --telemetry off} and with a period (1s by default) alternated round by
 * round, so both see the same machine. Prints each round's median, the medians over all kept
 * samples, and their ratio (on / off; the target is within 1%). Not a test.
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
        Backend host = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("host")).findFirst().orElseThrow().create("");
        WorkloadCatalog catalog = WorkloadCatalog.of(PlanIndex.load(TelemetryCostBenchmark.class.getClassLoader()));
        Path root = Files.createTempDirectory("virtbench-telemetry-cost",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<Double> off = new ArrayList<>();
        List<Double> on = new ArrayList<>();
        System.out.printf(Locale.ROOT, "bzip2 (quick) on host, %d rounds of %d trials (1 discarded) with telemetry off, "
                + "then %s; seconds, median per campaign%n", rounds, trials, period);
        for (int round = 0; round < rounds; round++) {
            // alternate which goes first, so a drift of the machine does not favour one
            boolean offFirst = round % 2 == 0;
            for (String mode : offFirst ? List.of("off", period) : List.of(period, "off")) {
                List<Double> values = campaign(host, catalog, root.resolve(round + "-" + mode), trials, mode);
                (mode.equals("off") ? off : on).addAll(values);
                System.out.printf(Locale.ROOT, "round %d  telemetry %-5s median %.4f s  (%d samples)%n", round + 1,
                        mode, median(values), values.size());
            }
        }
        double medianOff = median(off);
        double medianOn = median(on);
        System.out.printf(Locale.ROOT, "all rounds: off %.4f s, %s %.4f s, ratio on/off %.4f (%+.2f%%)%n", medianOff,
                period, medianOn, medianOn / medianOff, (medianOn / medianOff - 1) * 100);
        System.out.println("output kept in " + root);
    }

    private static List<Double> campaign(Backend host, WorkloadCatalog catalog, Path dir, int trials, String telemetry)
            throws IOException {
        Files.createDirectories(dir);
        CampaignSettings settings = new CampaignSettings(List.of("host"), "^bzip2$", null, "quick", Map.of(), trials, 1,
                List.of(1), StatsMode.PAPER, CampaignSettings.DEFAULT_MAX_RSD, List.of("telemetry-cost"),
                Instant.now().toString(), null, null, telemetry);
        try (Journal journal = Journal.open(dir.resolve(Journal.FILE))) {
            new CampaignEngine(settings, Map.of("host", host), journal, JournalState.empty(), HostMemory.totalBytes(),
                    ProgressListener.NONE, dir).run(CampaignPlanner.plan(settings, catalog));
        }
        return Journal.read(dir.resolve(Journal.FILE)).stream()
                .filter(e -> e instanceof JournalEntry.Sample s && !s.discarded() && s.value() != null)
                .map(e -> ((JournalEntry.Sample) e).value()).toList();
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
