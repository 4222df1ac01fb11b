package org.virtbench.runner.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.guest.Guest;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsWriter;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

class GateTest {
    @TempDir
    Path dir;

    /** A campaign where host takes {@code host} s a trial and lxc {@code lxc} s. */
    private ResultsDocument campaign(String name, double host, double lxc) throws IOException {
        Events events = new Events();
        ScriptedPlan plan = ScriptedPlan.builder("work", events).repeat(3, 1).script(new ScriptedPlan.Script() {
            @Override
            public double measure(int guest, int trial) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double measureOn(Guest guest, int trial) {
                return guest.name().startsWith("host") ? host : lxc;
            }
        });
        Path campaign = dir.resolve(name);
        Files.createDirectories(campaign);
        EngineHarness harness = new EngineHarness(campaign).backend(new FakeBackend("host", events))
                .backend(new FakeBackend("lxc", events));
        harness.run(plan);
        return harness.results(plan);
    }

    @Test
    void guestCellsAreBoundedRelativeToBareMetalAndBareMetalAbsolutely() throws Exception {
        Baseline baseline = Baseline.of(campaign("a", 2.0, 2.5), "a/results.json", 10, 5);
        assertEquals(2, baseline.bounds().size());
        Baseline.Bound host = baseline.bounds().get(0);
        assertEquals(Baseline.Metric.ABSOLUTE, host.metric());
        assertEquals(2.0, host.value(), 1e-12);
        Baseline.Bound lxc = baseline.bounds().get(1);
        assertEquals(Baseline.Metric.RELATIVE, lxc.metric());
        assertEquals(0.8, lxc.value(), 1e-12, "a time: 2.0 / 2.5");
        assertEquals(0.72, lxc.floor(), 1e-12);
        assertEquals(0.84, lxc.ceil(), 1e-12);

        Path file = dir.resolve("baseline.json");
        Files.writeString(file, baseline.toJson());
        assertEquals(baseline, Baseline.read(file), "written and read back alike");
    }

    @Test
    void aSlowerGuestFallsBelowItsFloorAndAFasterMachineStillPassesRelatively() throws Exception {
        Baseline baseline = Baseline.of(campaign("a", 2.0, 2.5), "a", 10, 10);
        // the same machine, lxc 30% slower: its relative 2.0 / 3.25 = 0.615 is below the floor of 0.72
        GateCheck slowed = GateCheck.of(baseline, campaign("slow", 2.0, 3.25));
        assertTrue(slowed.failed());
        assertEquals(GateCheck.Verdict.OK, slowed.rows().get(0).verdict());
        assertEquals(GateCheck.Verdict.BELOW_FLOOR, slowed.rows().get(1).verdict());
        String table = slowed.table();
        assertTrue(table.contains("FLOOR") && table.contains("VALUE") && table.contains("CEIL"), table);
        assertTrue(table.contains("0.7200       0.6154       0.8800  below floor"), table);
        assertTrue(table.endsWith("1 of 2 cells outside their bounds"), table);
        // host twice as fast, lxc too: bare metal's absolute bound breaks, lxc's relative one holds
        GateCheck faster = GateCheck.of(baseline, campaign("fast", 1.0, 1.25));
        assertEquals(GateCheck.Verdict.BELOW_FLOOR, faster.rows().get(0).verdict(), "1.0 s is below 1.8 s");
        assertEquals(GateCheck.Verdict.OK, faster.rows().get(1).verdict());
    }

    @Test
    void aCellThatIsGoneIsAViolation() throws Exception {
        Baseline baseline = new Baseline(Baseline.SCHEMA, "x", List.of(new Baseline.Bound("other", "lxc", 1,
                Baseline.Metric.RELATIVE, "x bare metal", 1.0, 10, 10)));
        GateCheck check = GateCheck.of(baseline, campaign("a", 2.0, 2.5));
        assertTrue(check.failed());
        assertEquals(GateCheck.Verdict.MISSING, check.rows().get(0).verdict());
        assertTrue(check.table().contains("missing (no such cell in the results)"), check.table());
    }

    @Test
    void aFileThatIsNoBaselineSaysSo() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"schema\": 1, \"bounds\": [{\"workload\": \"w\"}]}");
        IOException e = assertThrows(IOException.class, () -> Baseline.read(file));
        assertTrue(e.getMessage().startsWith(file + " is not a virtbench baseline"), e.getMessage());
        Files.writeString(file, "{\"schema\": 7, \"bounds\": []}");
        assertTrue(assertThrows(IOException.class, () -> Baseline.read(file)).getMessage()
                .contains("schema 7"));
    }

    @Test
    void theCommandsWriteABaselineAndExit1OnAViolationAnd2OnBadInput() throws Exception {
        ResultsWriter.write(campaign("a", 2.0, 2.5), dir.resolve("a").resolve(ResultsDocument.FILE));
        ResultsWriter.write(campaign("slow", 2.0, 3.25), dir.resolve("slow").resolve(ResultsDocument.FILE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Cli.run(out, err, "baseline", "write", dir.resolve("a").toString()));
        Path file = dir.resolve("baseline.json");
        Files.write(file, out.toByteArray());
        assertEquals(2, Baseline.read(file).bounds().size());

        out.reset();
        assertEquals(0, Cli.run(out, err, "check", "--baseline", file.toString(), dir.resolve("a").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("all 2 cells within their bounds"));
        out.reset();
        assertEquals(1, Cli.run(out, err, "check", "--baseline", file.toString(), dir.resolve("slow").toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("below floor"));

        err.reset();
        assertEquals(2, Cli.run(out, err, "check", "--baseline", dir.resolve("none.json").toString(),
                dir.resolve("a").toString()));
        String line = err.toString(StandardCharsets.UTF_8).trim();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.contains("write one with 'virtbench baseline write DIR'"), line);
        assertEquals(2, Cli.run(out, err, "check", "--baseline", file.toString(), dir.resolve("nowhere").toString()));
        assertEquals(2, Cli.run(out, err, "baseline", "write", dir.resolve("a").toString(), "--floor", "120"));
    }

    /** The command line, on this test's streams. */
    private static final class Cli {
        static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
            org.virtbench.runner.cli.CliEnvironment env = new org.virtbench.runner.cli.CliEnvironment(
                    () -> org.virtbench.runner.engine.WorkloadCatalog.of(List.of()), List.of(), Path.of("results"),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            return org.virtbench.runner.cli.Main.execute(env, args);
        }
    }
}
