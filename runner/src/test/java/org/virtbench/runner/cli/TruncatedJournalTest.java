package org.virtbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.backend.host.HostBackendProvider;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsWriter;
import org.virtbench.runner.testing.HostPlans;

/**
 * A finished journal cut at random byte offsets (a crash at any moment of any write): resume
 * completes the campaign, or refuses with a line number; never an error or a stack trace.
 * scripts/fault-tests.sh does the same at 100 offsets with a real workload.
 */
class TruncatedJournalTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int virtbench(String... args) {
        err.reset();
        CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(List.of(new HostPlans.TruePlan())),
                List.of(new HostBackendProvider()), dir.resolve("results"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return Main.execute(env, args);
    }

    @Test
    void resumeAfterACutAtAnyOffsetCompletesOrRefusesWithALineNumber() throws Exception {
        Path finished = dir.resolve("finished");
        assertEquals(0, virtbench("run", "--include", "^true$", "--profile", "quick", "--out", finished.toString()));
        long size = Files.size(finished.resolve(Journal.FILE));
        Random random = new Random(13);
        int completed = 0;
        for (int i = 0; i < 25; i++) {
            long offset = random.nextLong(size);
            Path cut = dir.resolve("cut-" + i);
            Files.createDirectory(cut);
            try (Stream<Path> files = Files.list(finished)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, cut.resolve(f.getFileName()));
                }
            }
            try (FileChannel journal = FileChannel.open(cut.resolve(Journal.FILE), StandardOpenOption.WRITE)) {
                journal.truncate(offset);
            }
            int status = virtbench("run", "--resume", cut.toString());
            String said = err.toString(StandardCharsets.UTF_8);
            assertFalse(said.contains("Exception") || said.contains("virtbench: error"), "cut at " + offset + ": " + said);
            if (status == 2) {
                assertTrue(said.matches("(?s).*line \\d+.*"), "a refusal names the line: " + said);
                continue;
            }
            assertEquals(0, status, "cut at " + offset + ": " + said);
            assertTrue(ResultsWriter.read(cut.resolve(ResultsDocument.FILE)).campaign().complete(), said);
            Journal.read(cut.resolve(Journal.FILE)); // every line parses
            completed++;
        }
        assertTrue(completed > 0, "most cuts leave a torn last line, which resume cuts off and completes");
    }
}
