package org.virtbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.backend.host.HostBackendProvider;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.testing.HostPlans;

/** What {@code run}, {@code report} and {@code compare} do with damaged, foreign or busy output folders. */
class DurabilityCliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path campaign;

    private int virtbench(String... args) {
        out.reset();
        err.reset();
        CliEnvironment env = new CliEnvironment(
                () -> WorkloadCatalog.of(List.of(new HostPlans.TruePlan())),
                List.of(new HostBackendProvider()), dir.resolve("results"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return Main.execute(env, args);
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void finishedCampaign() {
        campaign = dir.resolve("campaign");
        assertEquals(0, virtbench("run", "--include", "^true$", "--profile", "quick", "--out", campaign.toString()),
                errText());
    }

    /** Every file of the folder, by name, byte for byte. */
    private Map<String, byte[]> snapshot(Path folder) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private void assertUnchanged(Map<String, byte[]> before, Path folder) throws Exception {
        Map<String, byte[]> after = snapshot(folder);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " was rewritten"));
    }

    @Test
    void aSecondRunOnABusyFolderIsRefusedBeforeItWritesAnything() throws Exception {
        Path busy = Files.createDirectory(dir.resolve("busy"));
        try (FileChannel channel = FileChannel.open(busy.resolve(org.virtbench.runner.campaign.CampaignRunner.LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            assertEquals(2, virtbench("run", "--include", "^true$", "--profile", "quick", "--out", busy.toString()));
        }
        assertTrue(errText().contains("is being run by another virtbench process"), errText());
        assertFalse(Files.exists(busy.resolve(CampaignSettings.FILE)), "the settings were not written");
    }

    @Test
    void aFolderWhoseRunHasWrittenOnlyItsSettingsIsNotTakenOver() throws Exception {
        Path starting = Files.createDirectory(dir.resolve("starting"));
        Files.copy(campaign.resolve(CampaignSettings.FILE), starting.resolve(CampaignSettings.FILE));
        Map<String, byte[]> before = snapshot(starting);
        assertEquals(2, virtbench("run", "--include", "^true$", "--profile", "quick", "--out", starting.toString()));
        assertTrue(errText().contains("already holds a campaign"), errText());
        assertUnchanged(before, starting);
    }

    @Test
    void resumeRefusesABrokenCompleteLineAndLeavesTheJournalAsItWas() throws Exception {
        Path journal = campaign.resolve(Journal.FILE);
        List<String> lines = Files.readAllLines(journal);
        Files.writeString(journal, String.join("\n", lines.subList(0, 3)) + "\n{\"type\":\"sample\",\"gu\n");
        Map<String, byte[]> before = snapshot(campaign);
        assertEquals(2, virtbench("run", "--resume", campaign.toString()));
        assertTrue(errText().contains("line 4"), errText());
        assertEquals(1, errText().lines().count(), errText());
        assertUnchanged(before, campaign);
    }

    @Test
    void newerSchemaVersionsAreRefusedByResumeReportAndCompare() throws Exception {
        Path settings = campaign.resolve(CampaignSettings.FILE);
        Path results = campaign.resolve(ResultsDocument.FILE);
        Path journal = campaign.resolve(Journal.FILE);
        Map<Path, Integer> versions = Map.of(settings, CampaignSettings.SCHEMA_VERSION, results,
                ResultsDocument.SCHEMA_VERSION, journal, Journal.SCHEMA_VERSION);
        for (Path file : List.of(settings, results, journal)) {
            int version = versions.get(file);
            Path copy = dir.resolve("copy-" + file.getFileName());
            Files.copy(file, copy);
            String text = Files.readString(file);
            String declared = "\"schemaVersion\" ?: ?" + version + "\\b";
            assertTrue(text.matches("(?s).*" + declared + ".*"), file + " carries its version");
            Files.writeString(file, text.replaceAll(declared, "\"schemaVersion\":9"));
            Map<String, byte[]> before = snapshot(campaign);
            assertEquals(2, virtbench("run", "--resume", campaign.toString()), file + ": " + errText());
            assertTrue(errText().contains("schema version 9") && errText().contains("schema version " + version),
                    errText());
            assertUnchanged(before, campaign);
            if (file.equals(results)) {
                assertEquals(2, virtbench("report", campaign.toString()), errText());
                assertTrue(errText().contains("schema version 9"), errText());
                assertEquals(2, virtbench("compare", campaign.toString(), campaign.toString()), errText());
                assertTrue(errText().contains("schema version 9"), errText());
                assertUnchanged(before, campaign);
            }
            Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void resultsAndReportsAreNeverWrittenThroughAPlantedFile() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Files.createSymbolicLink(campaign.resolve(ResultsDocument.FILE + ".tmp"), victim);
        Files.createSymbolicLink(campaign.resolve("report.html.tmp"), victim);
        Files.createSymbolicLink(campaign.resolve(CampaignSettings.FILE + ".tmp"), victim);
        assertEquals(0, virtbench("report", campaign.toString()), errText());
        Files.delete(campaign.resolve(Journal.FILE));
        Files.delete(campaign.resolve(CampaignSettings.FILE));
        assertEquals(0, virtbench("run", "--include", "^true$", "--profile", "quick", "--out", campaign.toString()),
                errText());
        assertEquals("precious", Files.readString(victim));
        try (Stream<Path> left = Files.list(campaign)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") && n.endsWith(".tmp")).toList(), "no temporary file is left");
        }
    }

    @Test
    void anOutputFolderOfAnotherUserOrBehindTheirSymlinkIsRefused() throws Exception {
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.setAttribute(foreign, "unix:uid", 54321);
        assertEquals(2, virtbench("run", "--include", "^true$", "--profile", "quick", "--out", foreign.toString()));
        assertTrue(errText().contains("belongs to uid 54321"), errText());
        assertFalse(Files.exists(foreign.resolve(CampaignSettings.FILE)));

        Path mine = Files.createDirectory(dir.resolve("mine"));
        Path link = Files.createSymbolicLink(dir.resolve("their-link"), mine);
        Files.setAttribute(link, "unix:uid", 54321, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertEquals(2, virtbench("run", "--include", "^true$", "--profile", "quick", "--out",
                link.resolve("c").toString()));
        assertTrue(errText().contains("through the symlink"), errText());
        assertFalse(Files.exists(mine.resolve("c")));
        assertEquals(2, virtbench("run", "--resume", link.toString()));
        assertTrue(errText().contains("through the symlink"), errText());
    }
}
