package org.virtbench.runner.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.Command;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.ParamSpec;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;
import org.virtbench.plan.WorkloadInstance;
import org.virtbench.runner.backend.host.HostBackendProvider;
import org.virtbench.runner.cli.CliEnvironment;
import org.virtbench.runner.cli.Main;
import org.virtbench.runner.engine.WorkloadCatalog;

/**
 * {@code virtbench compare} end to end on the host backend: a workload that sleeps for its
 * {@code delay} parameter, run twice alike and once slowed down.
 */
class CompareCliTest {
    /** Shared by the tests: the three campaigns are run once. */
    @TempDir
    static Path dir;

    private static final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** {@code sleep DELAY}, timed: 4 trials, the first discarded. */
    public static final class DelayPlan implements ExecutionPlan {
        private static final PlanSpec SPEC = new PlanSpec("delay", "test.Delay", DelayPlan.class.getName(),
                "sleeps for its delay", Unit.SECONDS, 4, 1, List.of(1),
                List.of(new ParamSpec("delay", "double", List.of(), "0.05", Map.of(), "seconds to sleep")),
                new Requirements(List.of("coreutils"), List.of("sleep")), false, Map.of());

        @Override
        public PlanSpec spec() {
            return SPEC;
        }

        @Override
        public WorkloadInstance instantiate(ParamValues values) {
            String delay = values.get("delay");
            return new WorkloadInstance() {
                @Override
                public void setup(Level level, Guest guest, PeerHost peer) {
                }

                @Override
                public Measurement measure(Guest guest, PeerHost peer) {
                    return guest.time(Command.of("sleep", delay).withWorkingDirectory(guest.workDir()), Unit.SECONDS);
                }

                @Override
                public void teardown(Level level, Guest guest, PeerHost peer) {
                }

                @Override
                public void setupPeer(Level level, PeerHost peer) {
                }

                @Override
                public void teardownPeer(Level level, PeerHost peer) {
                }
            };
        }
    }

    private static int virtbench(String... args) {
        out.reset();
        err.reset();
        CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(List.of(new DelayPlan())),
                List.of(new HostBackendProvider()), dir.resolve("results"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return Main.execute(env, args);
    }

    @BeforeAll
    static void runTheCampaignTwiceAlikeAndOnceSlowed() {
        for (String[] run : new String[][] {{"a", "0.05"}, {"b", "0.05"}, {"slow", "0.25"}}) {
            assertEquals(0, virtbench("run", "--backend", "host", "-p", "delay=" + run[1], "--format", "html,csv,jmh",
                    "--out", dir.resolve(run[0]).toString()), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyRunEndsWithItsReport() {
        for (String file : List.of("report.html", "results.csv", "jmh-result.json")) {
            assertTrue(Files.isRegularFile(dir.resolve("a").resolve(file)), file);
        }
    }

    @Test
    void twoRunsOfTheSameCampaignShowNoRegression() throws Exception {
        int status = virtbench("compare", dir.resolve("a").toString(), dir.resolve("b").toString(),
                "--fail-on-regression", "20");
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, table + err.toString(StandardCharsets.UTF_8));
        assertTrue(table.contains("delay"), table);
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("regression:"));
        assertTrue(Files.isRegularFile(dir.resolve("b").resolve(CompareReport.FILE)));
    }

    @Test
    void aSlowedRunIsReportedAndFailsTheGate() throws Exception {
        int status = virtbench("compare", dir.resolve("a").toString(),
                dir.resolve("slow").resolve("results.json").toString(), "--fail-on-regression", "20");
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, table);
        assertTrue(table.contains(" worse\n") || table.contains(" worse\r\n"), table);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("regression: delay on host at n = 1"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(0, virtbench("compare", dir.resolve("a").toString(), dir.resolve("slow").toString()),
                "without --fail-on-regression it only reports");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(" worse"));
    }

    @Test
    void reportRewritesTheReportsOfACampaign() throws Exception {
        Path jmh = dir.resolve("b").resolve("jmh-result.json");
        Files.delete(jmh);
        assertEquals(0, virtbench("report", dir.resolve("b").toString(), "--format", "jmh"));
        assertEquals(jmh.toAbsolutePath().toString(), out.toString(StandardCharsets.UTF_8).trim());
        assertTrue(Files.readString(jmh).contains("\"benchmark\" : \"virtbench.delay\""));
    }

    @Test
    void wrongUsageSaysWhatToGive() {
        assertEquals(Main.USAGE, virtbench("compare", dir.resolve("nothing").toString(), dir.resolve("a").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("holds no results.json"));
        assertEquals(Main.USAGE, virtbench("compare", "x"));
        assertEquals(Main.USAGE, virtbench("report", dir.resolve("nothing").toString()));
    }
}
