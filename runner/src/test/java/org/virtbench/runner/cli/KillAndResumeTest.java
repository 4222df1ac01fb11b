package org.virtbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.backend.host.HostBackend;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.SampleStatus;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsWriter;
import org.virtbench.runner.testing.HostPlans;

/**
 * The CLI in a child JVM, killed with SIGKILL in the middle of its second cell, then resumed:
 * the first cell is not run again, the second is run whole, and the results are complete.
 */
class KillAndResumeTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @Test
    void aCampaignKilledMidwayIsCompletedByResume() throws Exception {
        Path index = dir.resolve("index");
        HostPlans.writeIndex(index, new HostPlans.SlowPlan().spec());
        Path out = dir.resolve("campaign");

        Process first = virtbench(index, dir.resolve("first.log"), "run", "--backend", "host", "--include",
                "^slow-test$", "--out", out.toString());
        try {
            waitFor(() -> samplesOf(out, 2).size() >= 1, first, dir.resolve("first.log"));
        } finally {
            killTree(first);
        }
        long killedPid = first.pid();
        List<JournalEntry> afterKill = Journal.read(out.resolve(Journal.FILE));
        assertEquals(1, count(afterKill, JournalEntry.CellFinished.class), "only cell n=1 had finished");

        Process resumed = virtbench(index, dir.resolve("resume.log"), "run", "--resume", out.toString());
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "resume finished");
        assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("resume.log")));

        List<JournalEntry> journal = Journal.read(out.resolve(Journal.FILE));
        List<JournalEntry.CellStarted> starts = journal.stream().filter(JournalEntry.CellStarted.class::isInstance)
                .map(JournalEntry.CellStarted.class::cast).toList();
        assertEquals(1, starts.stream().filter(s -> s.guests() == 1).count(), "cell n=1 was not run again");
        assertEquals(List.of(1, 2), starts.stream().filter(s -> s.guests() == 2)
                .map(JournalEntry.CellStarted::attempt).toList(), "cell n=2 was run again whole");
        assertEquals(2, count(journal, JournalEntry.CellFinished.class));
        assertTrue(Files.readString(dir.resolve("resume.log")).contains("finished earlier, not run again"));

        ResultsDocument results = ResultsWriter.read(out.resolve(ResultsDocument.FILE));
        assertTrue(results.campaign().complete());
        assertEquals(1, results.campaign().resumed().size());
        for (ResultsDocument.CellResult cell : results.cells()) {
            assertEquals(ResultsDocument.Status.COMPLETED, cell.outcome().status(), cell.toString());
            assertEquals(3 * cell.cell().guests(), cell.samples().size(), "3 trials x n guests of the counting attempt");
            assertTrue(cell.samples().stream().allMatch(s -> s.ok()));
            assertEquals(1.0, cell.figures().relative().value());
            assertTrue(cell.figures().summary().median() >= 0.3, "sleep 0.3 takes at least 0.3 s: " + cell.figures().summary());
        }
        assertEquals(CellStatus.COMPLETED, journal.stream().filter(JournalEntry.CellFinished.class::isInstance)
                .map(JournalEntry.CellFinished.class::cast).reduce((a, b) -> b).orElseThrow().status());
        try (Stream<Path> runs = Files.list(HostBackend.DEFAULT_ROOT)) {
            assertFalse(runs.anyMatch(p -> p.getFileName().toString().startsWith(killedPid + "-")),
                    "the killed run's directories were swept");
        }
    }

    @Test
    void sigtermReleasesTheGuestsLeavesTheCellToBeRunAgainAndWritesTheReportOfWhatCompleted() throws Exception {
        Path index = dir.resolve("index");
        HostPlans.writeIndex(index, new HostPlans.SlowPlan().spec());
        Path out = dir.resolve("campaign");
        Process run = virtbench(index, dir.resolve("run.log"), "run", "--include", "^slow-test$", "--scale", "1,2",
                "--out", out.toString());
        waitFor(() -> samplesOf(out, 2).size() >= 1, run, dir.resolve("run.log"));
        Path runDirectory = HostBackend.DEFAULT_ROOT.resolve(run.pid() + "-2");
        assertTrue(Files.isDirectory(runDirectory.resolve("host-1")), "the guests are there while it runs");
        List<ProcessHandle> children = run.descendants().toList();

        run.destroy(); // SIGTERM, as kill(1) sends by default
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        for (ProcessHandle child : children) {
            child.onExit().get(10, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(runDirectory), "the shutdown hook released the guests");
        List<JournalEntry> journal = Journal.read(out.resolve(Journal.FILE));
        assertEquals(1, count(journal, JournalEntry.CellFinished.class), "n = 1 finished, the cut-short n = 2 did not");

        // the results and report of what completed were written before the JVM stopped
        String log = Files.readString(dir.resolve("run.log"));
        ResultsDocument results = ResultsWriter.read(out.resolve(ResultsDocument.FILE));
        assertFalse(results.campaign().complete(), log);
        assertEquals(List.of(ResultsDocument.Status.COMPLETED, ResultsDocument.Status.NOT_RUN), results.cells().stream().map(c -> c.outcome().status())
                .toList(), log);
        assertTrue(Files.isRegularFile(out.resolve("report.html")), "the report was written on SIGTERM: " + log);
        assertTrue(Files.readString(out.resolve("report.html")).contains("the campaign ended before this cell"));
    }

    private Process virtbench(Path index, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", index + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        return process;
    }

    private static List<JournalEntry.Sample> samplesOf(Path out, int guests) {
        try {
            Path file = out.resolve(Journal.FILE);
            return !Files.exists(file) ? List.of() : Journal.read(file).stream()
                    .filter(JournalEntry.Sample.class::isInstance).map(JournalEntry.Sample.class::cast)
                    .filter(s -> s.guests() == guests && s.outcome().status() == SampleStatus.OK).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long count(List<JournalEntry> entries, Class<?> kind) {
        return entries.stream().filter(kind::isInstance).count();
    }

    private interface Condition {
        boolean met();
    }

    private static void waitFor(Condition condition, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.met()) {
            if (!process.isAlive()) {
                throw new AssertionError("virtbench ended early: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting; log: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** SIGKILL, as a crash would: no shutdown hook runs. Its children are killed after it. */
    private static void killTree(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @org.junit.jupiter.api.AfterEach
    void stopEverythingStarted() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                killTree(p);
            }
        }
    }
}
