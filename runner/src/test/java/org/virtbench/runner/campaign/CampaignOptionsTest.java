package org.virtbench.runner.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.plan.DataSize;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.runner.backend.host.HostBackendProvider;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.report.ReportFormat;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.testing.HostPlans;

class CampaignOptionsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheCommandLinesAndNothingIsGiven() {
        CampaignOptions o = CampaignOptions.builder().build();
        assertEquals(List.of("host"), o.backends());
        assertEquals(Profile.PAPER, o.profile());
        assertEquals(StatsMode.PAPER, o.stats());
        assertEquals(CampaignSettings.DEFAULT_MAX_RSD, o.maxRelativeStdDev());
        assertEquals(Set.of(ReportFormat.HTML, ReportFormat.CSV), o.formats());
        assertTrue(o.memory().isEmpty() && o.mix().isEmpty() && o.output().isEmpty() && o.resume().isEmpty());
        assertTrue(o.given().isEmpty());
        assertEquals(List.of("virtbench", "run"), o.commandLine());
    }

    @Test
    void textIsParsedOnceIntoTypedValues() {
        CampaignOptions o = CampaignOptions.builder().profile("Quick").stats("rigorous").memory("total=3GiB,cap=1GiB")
                .formatNames(List.of("jmh")).build();
        assertEquals(Profile.QUICK, o.profile());
        assertEquals(StatsMode.RIGOROUS, o.stats());
        assertEquals(new MemoryPolicy.Fixed(DataSize.parse("3GiB"), DataSize.parse("1GiB")), o.memory().orElseThrow());
        assertEquals(Set.of(ReportFormat.JMH), o.formats());
        assertEquals(List.of(RunOption.PROFILE, RunOption.VM_MEMORY, RunOption.STATS, RunOption.FORMAT),
                List.copyOf(o.given()), "in RunOption order");
    }

    @Test
    void wrongValuesSayWhatToDo() {
        assertEquals("--profile 'fast' is not a profile; use quick or paper", assertThrows(InvalidOptionsException.class,
                () -> CampaignOptions.builder().profile("fast")).getMessage());
        assertEquals("--stats 'weird' is not one of paper, rigorous", assertThrows(InvalidOptionsException.class,
                () -> CampaignOptions.builder().stats("weird")).getMessage());
        assertEquals("--format 'pdf' is not one of html, csv, jmh", assertThrows(InvalidOptionsException.class,
                () -> CampaignOptions.builder().formatNames(List.of("pdf"))).getMessage());
        assertTrue(assertThrows(InvalidOptionsException.class, () -> CampaignOptions.builder().memory("half"))
                .getMessage().startsWith("--vm-memory 'half' is not a memory policy"));
        assertTrue(assertThrows(InvalidOptionsException.class, () -> CampaignOptions.builder().maxRelativeStdDev(2.0)
                .build()).getMessage().startsWith("--rsd 2.0 is not a fraction"));
        assertTrue(assertThrows(InvalidOptionsException.class, () -> CampaignOptions.builder().repeat(2).discard(2)
                .build()).getMessage().startsWith("--discard 2 leaves nothing of --repeat 2"));
        assertTrue(assertThrows(InvalidOptionsException.class, () -> CampaignOptions.builder().resume(dir).repeat(3)
                .build()).getMessage().startsWith("--resume takes no other option"));
        assertTrue(CampaignOptions.builder().backends(List.of()).formatNames(List.of()).scales(List.of()).resume(dir)
                .build().given().equals(Set.of(RunOption.RESUME)), "empty lists, as Maven gives them, are not given");
        assertTrue(assertThrows(InvalidOptionsException.class, () -> CampaignOptions.builder().order("zigzag"))
                .getMessage().startsWith("--order 'zigzag' is not an order"));
        assertTrue(assertThrows(InvalidOptionsException.class, () -> CampaignOptions.builder().provisionings(0)
                .build()).getMessage().startsWith("--provisionings takes a count of at least 1"));
        assertTrue(assertThrows(InvalidOptionsException.class, () -> CampaignOptions.builder().budget("soon"))
                .getMessage().startsWith("--budget 'soon' is not a duration; give one such as 10m"));
    }

    @Test
    void toBuilderKeepsEveryOptionAndChangesOnlyWhatIsSet() {
        CampaignOptions o = CampaignOptions.builder().backends("host", "lxc").include("a").exclude("b")
                .profile(Profile.QUICK).param("n", "1").repeat(5).discard(1).scales(List.of(1, 2))
                .memory(MemoryPolicy.paper()).mix("a:1,b:1").telemetry("250ms").order("random:7").provisionings(2).stats(StatsMode.RIGOROUS).maxRelativeStdDev(0.05)
                .output(dir).formats(List.of(ReportFormat.CSV)).budget("1h30m").build();
        CampaignOptions copy = o.toBuilder().build();
        assertEquals(java.time.Duration.ofMinutes(90), copy.budget().orElseThrow());
        assertEquals(o.arguments(), copy.arguments());
        assertEquals(new org.virtbench.runner.engine.TrialOrder.Shuffled(7), copy.order());
        assertEquals(2, copy.provisionings());
        assertEquals(RunOption.values().length - 1, o.given().size(), "all but --resume");
        CampaignOptions changed = o.toBuilder().repeat(7).build();
        assertEquals(7, changed.repeat().orElseThrow());
        assertEquals(o.scales(), changed.scales());
        assertEquals(5, o.repeat().orElseThrow(), "immutable");
    }

    @Test
    void theRunnerRecordsTheOptionsAndWritesTheResults() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CampaignEnvironment env = new CampaignEnvironment(() -> WorkloadCatalog.of(List.of(new HostPlans.TruePlan())),
                List.of(new HostBackendProvider()), dir.resolve("results"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Path folder = dir.resolve("campaign");
        CampaignResult result = new CampaignRunner(env).run(CampaignOptions.builder().profile(Profile.QUICK)
                .repeat(2).discard(0).memory("total=64MiB").output(folder).formats(Set.of()).build());
        assertEquals(0, result.exitStatus(), err.toString(StandardCharsets.UTF_8));
        assertEquals(folder, result.directory());
        CampaignSettings settings = CampaignSettings.read(folder);
        assertEquals(MemoryPolicy.parse("total=64MiB"), settings.vmMemory());
        assertTrue(Files.readString(folder.resolve(CampaignSettings.FILE)).contains("\"vmMemory\" : \"total=64MiB\""));
        assertEquals(List.of("virtbench", "run", "--profile", "quick", "--repeat", "2", "--discard", "0",
                "--vm-memory", "total=64MiB", "--out", folder.toString()), settings.commandLine());
        assertEquals(1, result.results().cells().size());
        assertEquals(ResultsDocument.Status.COMPLETED, result.results().cells().get(0).outcome().status());
        assertTrue(Files.exists(folder.resolve(ResultsDocument.FILE)));
        assertFalse(Files.exists(folder.resolve("report.html")), "no format asked for");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("true"), "the summary table");

        InvalidOptionsException again = assertThrows(InvalidOptionsException.class,
                () -> new CampaignRunner(env).run(CampaignOptions.builder().output(folder).build()));
        assertTrue(again.getMessage().contains("already holds a campaign"), again.getMessage());
        CampaignResult resumed = new CampaignRunner(env).run(CampaignOptions.builder().resume(folder).build());
        assertEquals(0, resumed.outcome().run(), "a finished campaign resumed runs nothing");
        assertEquals(1, resumed.outcome().skipped());
    }
}
