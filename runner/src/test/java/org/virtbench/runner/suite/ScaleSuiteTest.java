package org.virtbench.runner.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtbench.plan.PlanIndex;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.backend.host.HostBackend;
import org.virtbench.runner.engine.CampaignEngine;
import org.virtbench.runner.engine.CampaignPlanner;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.CellPlan;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.journal.SampleStatus;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.transport.HostCommands;

/**
 * The scale workloads on the host through the engine: sysbench-oltp in two instances at once, each
 * with a MariaDB server of its own and both against one (Figure 11's two host variants), released
 * together by the start gate. Needs the suite's packages (scripts/install-deps.sh).
 */
class ScaleSuiteTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "sysbench.database={0}")
    @ValueSource(strings = {"separate", "shared"})
    void sysbenchRunsInTwoHostInstancesAtOnce(String database) throws IOException {
        PlanIndex index = PlanIndex.load(getClass().getClassLoader());
        PlanSpec spec = index.find("sysbench-oltp").orElseThrow();
        assertEquals(List.of(1, 2, 4, 8, 16, 32), spec.scales(), "@ScaleVMs as in the paper");
        CampaignSettings settings = new CampaignSettings(List.of("host"), "^sysbench-oltp$", null, "quick",
                Map.of("sysbench.database", database, "events", "300", "mysqlPort", Integer.toString(freePorts())),
                2, 0, List.of(2), StatsMode.PAPER, CampaignSettings.DEFAULT_MAX_RSD, List.of("test"),
                Instant.now().toString());
        List<CellPlan> cells = CampaignPlanner.plan(settings, WorkloadCatalog.of(index));
        // under /var/tmp as the host backend's own root: MariaDB, as the mysql user, cannot enter a test's private /tmp
        Path root = Path.of("/var/tmp", "virtbench-test-" + UUID.randomUUID());
        try (Journal journal = Journal.open(dir.resolve(Journal.FILE))) {
            new CampaignEngine(settings, Map.of("host", new HostBackend(root)), journal,
                    JournalState.empty(), 8L << 30, ProgressListener.NONE, dir).run(cells);
        } finally {
            HostCommands.run("rm", "-rf", root.toString());
        }
        List<JournalEntry> entries = Journal.read(dir.resolve(Journal.FILE));
        JournalEntry.CellFinished end = entries.stream().filter(JournalEntry.CellFinished.class::isInstance)
                .map(JournalEntry.CellFinished.class::cast).findFirst().orElseThrow();
        assertEquals(CellStatus.COMPLETED, end.status(), end.reason());
        List<JournalEntry.Sample> samples = entries.stream().filter(JournalEntry.Sample.class::isInstance)
                .map(JournalEntry.Sample.class::cast).toList();
        assertEquals(4, samples.size());
        assertTrue(samples.stream().allMatch(s -> s.outcome().status() == SampleStatus.OK && s.outcome().value() > 0), samples.toString());
        List<JournalEntry.TrialWindow> windows = entries.stream().filter(JournalEntry.TrialWindow.class::isInstance)
                .map(JournalEntry.TrialWindow.class::cast).toList();
        assertTrue(windows.stream().allMatch(w -> w.measuredGuests() == 2 && w.gatedGuests() == 2), windows.toString());
        assertTrue(windows.stream().allMatch(w -> w.commonWindowNanos() > 0), "the two ran at once: " + windows);
        assertEquals(List.of(), Files.list(Path.of("/tmp")).filter(p -> p.getFileName().toString()
                .startsWith("virtbench-sysbench-shared-" + settings.params().get("mysqlPort"))).toList(),
                "the shared server's directory is removed");
    }

    /** A port whose next one is free too: guest i of the separate variant listens on port + i. */
    private static int freePorts() {
        for (int tries = 0; tries < 20; tries++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 ServerSocket second = new ServerSocket(first.getLocalPort() + 1, 1, InetAddress.getLoopbackAddress())) {
                return first.getLocalPort();
            } catch (IOException e) {
                // the next port is taken: try another pair
            }
        }
        throw new UncheckedIOException(new IOException("no two free ports in a row"));
    }
}
