package org.virtbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;
import org.virtbench.runner.backend.host.HostBackendProvider;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsWriter;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.HostPlans;

class CliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A provider whose backend's probe always fails. */
    private static final class OffProvider implements BackendProvider {
        @Override
        public String name() {
            return "off";
        }

        @Override
        public String description() {
            return "never available";
        }

        @Override
        public Backend create(String argument) {
            return new FakeBackend("off", new Events()).unavailable();
        }
    }

    private int virtbench(String... args) {
        CliEnvironment env = new CliEnvironment(
                () -> WorkloadCatalog.of(List.of(new HostPlans.TruePlan(), new HostPlans.SlowPlan())),
                List.of(new HostBackendProvider(), new OffProvider()), dir.resolve("results"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return Main.execute(env, args);
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "run --bogus",
        "run --backend nope",
        "run --backend off",
        "run -p count=abc",
        "run -p count=99999999999999999999999",
        "run -p count=",
        "run -p =5",
        "run -p input=12 parsecs",
        "run -p nosuch=1",
        "run -p novalue",
        "run --include zzz",
        "run --include [",
        "run --repeat 2 --discard 2",
        "run --repeat 0",
        "run --scale 0",
        "run --profile fast",
        "run --stats weird",
        "run --rsd 2",
        "run --vm-memory half",
        "run --telemetry fast",
        "run --telemetry 10ms",
        "run --vm-memory total=lots",
        "run --mix true:2",
        "run --mix true:2,nosuch:1",
        "run --mix true:1,slow-test:1 --include true",
        "run --budget soon",
        "run --budget 1s",
        "run --resume DIR --repeat 3",
        "run --resume DIR/nothing-here",
        "run --out FILE",
        "list --bogus",
        "nosuchcommand",
        ""})
    void wrongUsageExitsWithStatus2AndOneLineThatSaysWhatToDo(String line) throws Exception {
        Files.writeString(dir.resolve("FILE"), "a file, not a directory");
        Files.createDirectories(dir.resolve("DIR"));
        String[] args = line.isEmpty() ? new String[0] : Arrays.stream(line.split(" "))
                .map(a -> a.startsWith("DIR") || a.equals("FILE") ? dir.resolve(a).toString() : a)
                .toArray(String[]::new);
        if (line.equals("run -p input=12 parsecs")) {
            args = new String[] {"run", "-p", "input=12 parsecs"};
        }
        assertEquals(2, virtbench(args), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, errLines().size(), "one line: " + errLines());
        assertTrue(errLines().get(0).startsWith("virtbench: "), errLines().get(0));
        assertFalse(Files.exists(dir.resolve("results")), "nothing was run");
    }

    @Test
    void usageMessagesNameTheProblem() {
        virtbench("run", "--backend", "nope");
        assertEquals("virtbench: unknown backend 'nope'; available: host, off", errLines().get(0));
        err.reset();
        virtbench("run", "--backend", "off");
        assertEquals("virtbench: backend off cannot run here: the fake is switched off", errLines().get(0));
        err.reset();
        virtbench("run", "-p", "nosuch=1");
        assertTrue(errLines().get(0).contains("no selected workload has a parameter named 'nosuch'"));
        err.reset();
        virtbench("run", "-p", "count=abc");
        assertTrue(errLines().get(0).contains("true.count: 'abc' is not an int"), errLines().get(0));
        err.reset();
        virtbench("run", "--vm-memory", "half");
        assertEquals("virtbench: --vm-memory 'half' is not a memory policy; write paper, default, or "
                + "total=SIZE[,cap=SIZE] such as total=3244MiB,cap=2039MiB", errLines().get(0));
        err.reset();
        virtbench("run", "--mix", "true:2");
        assertTrue(errLines().get(0).contains("--mix needs at least two different workloads"), errLines().get(0));
    }

    @Test
    void runsOnTheHostAndWritesTheJournalAndResults() throws Exception {
        Path outDir = dir.resolve("campaign");
        int status = virtbench("run", "--backend", "host", "--include", "^true$", "--profile", "quick", "--out",
                outDir.toString());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));

        List<JournalEntry.Sample> samples = Journal.read(outDir.resolve(Journal.FILE)).stream()
                .filter(JournalEntry.Sample.class::isInstance).map(JournalEntry.Sample.class::cast).toList();
        assertEquals(4, samples.size());
        assertTrue(samples.get(0).discarded());
        ResultsDocument results = ResultsWriter.read(outDir.resolve(ResultsDocument.FILE));
        assertEquals(ResultsDocument.SCHEMA_VERSION, results.schemaVersion());
        assertTrue(results.campaign().complete());
        assertNotNull(results.campaign().ended());
        assertEquals(List.of("virtbench", "run", "--backend", "host", "--include", "^true$", "--profile", "quick",
                "--out", outDir.toString()), results.campaign().commandLine());
        ResultsDocument.CellResult cell = results.cells().get(0);
        assertEquals("s", cell.cell().unit());
        assertEquals("1", cell.cell().params().get("count"), "the quick profile's value");
        double[] kept = samples.stream().skip(1).mapToDouble(s -> s.outcome().value()).sorted().toArray();
        assertEquals(kept[1], cell.figures().summary().median(), "the median of the three kept trials");
        assertEquals(1.0, cell.figures().relative().value());
        assertNotNull(results.backends().get(0).transportOverhead());
        assertNotNull(results.host().kernel());
        assertTrue(Files.exists(outDir.resolve("campaign.json")));
        String progress = err.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("[1/1] true @ host n=1: trial 4/4"), progress);

        err.reset();
        assertEquals(2, virtbench("run", "--out", outDir.toString()), "an existing campaign is not overwritten");
        assertTrue(errLines().get(0).contains("--resume"), errLines().get(0));

        err.reset();
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(outDir.resolve(".lock"),
                java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = channel.lock()) {
            assertEquals(2, virtbench("run", "--resume", outDir.toString()), "one process at a time");
            assertTrue(errLines().get(0).contains("is being run by another virtbench process"), errLines().get(0));
        }
        err.reset();
        out.reset();
        assertEquals(0, virtbench("run", "--resume", outDir.toString()), "resuming a finished campaign runs nothing");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("finished earlier, not run again"));
        assertEquals(4, Journal.read(outDir.resolve(Journal.FILE)).stream()
                .filter(JournalEntry.Sample.class::isInstance).count());
    }

    @Test
    void aBudgetRunsWhatFitsAndListsTheRestWithTheirCommandsInTheResultsAndTheReport() throws Exception {
        Path outDir = dir.resolve("budget");
        // neither test workload declares a cost: each is assumed at 30 s a trial, so slow-test at n = 1 and 2
        // (3 trials, 90 s each) fill 3 minutes and true (4 trials, 120 s) does not fit
        int status = virtbench("run", "--budget", "3m", "--out", outDir.toString());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String log = err.toString(StandardCharsets.UTF_8);
        String command = "./virtbench run --backend host --include '^true$' --scale 1 --profile paper";
        assertTrue(log.contains("virtbench: estimated ~3.0 min for 2 cell(s) (budget 3.0 min)"), log);
        assertTrue(log.contains("true @ host n=1 (~2.0 min): ~2.0 min does not fit: the budget is spent"), log);
        assertTrue(log.contains("    " + command), log);
        assertTrue(log.contains("left"), "the progress says how long: " + log);

        ResultsDocument results = ResultsWriter.read(outDir.resolve(ResultsDocument.FILE));
        assertTrue(results.campaign().complete(), "every cell ran or was left out on purpose");
        ResultsDocument.CellResult leftOut = results.cells().stream().filter(c -> c.cell().workload().equals("true"))
                .findFirst().orElseThrow();
        assertEquals(ResultsDocument.Status.LEFT_OUT, leftOut.outcome().status());
        assertTrue(leftOut.outcome().reason().endsWith("run it with: " + command), leftOut.outcome().reason());
        assertEquals(List.of(ResultsDocument.Status.COMPLETED, ResultsDocument.Status.COMPLETED), results.cells().stream().filter(c -> c.cell().workload().equals("slow-test"))
                .map(c -> c.outcome().status()).toList());
        String report = Files.readString(outDir.resolve("report.html"));
        assertTrue(report.contains("left out") && report.contains("--include &#39;^true$&#39; --scale 1"),
                "the report lists the left-out cell with its command");

        err.reset();
        assertEquals(0, virtbench("run", "--resume", outDir.toString()));
        assertEquals(0, Journal.read(outDir.resolve(Journal.FILE)).stream()
                .filter(e -> e instanceof JournalEntry.CellStarted s && s.workload().equals("true")).count(),
                "resume leaves it out too");
    }

    @Test
    void listsTheWorkloadsAsJson() throws Exception {
        assertEquals(0, virtbench("list", "--json"));
        JsonNode list = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(2, list.size());
        JsonNode slow = list.get(0);
        assertEquals("slow-test", slow.get("id").asText());
        assertEquals("[1,2]", slow.get("scales").toString());
        JsonNode trueParams = list.get(1).get("params");
        assertEquals("count", trueParams.get(0).get("name").asText());
        assertEquals("3", trueParams.get(0).get("defaultValue").asText());
        assertEquals("1", trueParams.get(0).get("quick").asText());
        assertEquals(4, list.get(1).get("repeat").asInt());
        assertEquals(1, list.get(1).get("discard").asInt());
    }

    @Test
    void doctorReportsBackendsAndTools() {
        assertEquals(0, virtbench("doctor"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("host       available"), text);
        assertTrue(text.contains("off        unavailable: the fake is switched off"), text);
        assertTrue(text.contains("true                     ok"), text);
    }

    @Test
    void quickstartRunsTheQuickSuiteOnEveryBackendThatCanRunAndLeavesOutTheOthers() throws Exception {
        Path outDir = dir.resolve("quick");
        // host only plus a backend that cannot run: no guest image is needed, the unavailable one is named
        int status = virtbench("quickstart", "--backend", "host,off", "--out", outDir.toString());
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(errLines().contains("virtbench quickstart: leaving out off: the fake is switched off"), errLines().toString());
        ResultsDocument results = ResultsWriter.read(outDir.resolve(ResultsDocument.FILE));
        assertEquals(List.of("host"), results.cells().stream().map(c -> c.cell().backend()).distinct().toList());
        assertEquals("quick", results.campaign().profile());
        assertEquals(2, results.cells().stream().map(c -> c.cell().workload()).distinct().count());
    }

    @Test
    void quickstartRefusesWhenTheBaselineCannotRun() {
        assertEquals(2, virtbench("quickstart", "--backend", "off"));
        assertTrue(errLines().get(errLines().size() - 1).contains("the host backend cannot run here"), errLines().toString());
    }
}
