package org.virtbench.runner.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.runner.campaign.InvalidOptionsException;
import org.virtbench.runner.stats.StatsMode;

/** The goals' parameters become the CLI's options, one for one. */
class MojoArgumentsTest {
    @TempDir
    Path dir;

    @Test
    void runMirrorsTheCommandLine() throws Exception {
        RunMojo run = new RunMojo();
        run.buildDirectory = dir.toFile();
        run.backends = List.of("host", "lxc");
        run.includes = "bzip2|gzip";
        run.profile = "quick";
        run.params = Map.of("input", "16MiB");
        run.paramList = "count=2, input=8MiB";
        run.scales = List.of(1, 2, 4);
        run.stats = "rigorous";
        run.vmMemory = "paper";
        run.mix = "gzip:1,bzip2:1";
        run.rsd = 0.05;
        run.formats = List.of("html", "jmh");
        run.outputDirectory = dir.resolve("out").toFile();
        assertEquals(List.of("run", "--backend", "host,lxc", "--include", "bzip2|gzip", "--profile", "quick",
                "--param", "count=2", "--param", "input=8MiB", "--scale", "1,2,4", "--vm-memory", "paper",
                "--mix", "gzip:1,bzip2:1", "--stats", "rigorous", "--rsd", "0.05", "--out",
                dir.resolve("out").toString(), "--format", "html,jmh"), run.arguments());
        assertEquals(MemoryPolicy.paper(), run.options().memory().orElseThrow(), "parsed once, typed");
        assertEquals(StatsMode.RIGOROUS, run.options().stats());
    }

    @Test
    void resumeTakesNoOtherParameterAndNoDefaultFolder() throws Exception {
        RunMojo run = new RunMojo();
        run.buildDirectory = dir.toFile();
        run.resume = dir.resolve("earlier").toFile();
        assertEquals(List.of("run", "--resume", dir.resolve("earlier").toString()), run.arguments());

        RunMojo both = new RunMojo();
        both.buildDirectory = dir.toFile();
        both.resume = dir.resolve("earlier").toFile();
        both.repeat = 3;
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, both::options);
        assertTrue(e.getMessage().startsWith("--resume takes no other option"), e.getMessage());
    }

    @Test
    void aWrongValueFailsWithTheCommandLinesMessage() {
        RunMojo run = new RunMojo();
        run.buildDirectory = dir.toFile();
        run.vmMemory = "half";
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, run::options);
        assertEquals("--vm-memory 'half' is not a memory policy; write paper, default, or total=SIZE[,cap=SIZE] "
                + "such as total=3244MiB,cap=2039MiB", e.getMessage());
    }

    @Test
    void runPutsEachCampaignInANewFolderUnderTargetVirtbench() throws Exception {
        RunMojo run = new RunMojo();
        run.buildDirectory = dir.toFile();
        List<String> args = run.arguments();
        String out = args.get(args.size() - 1);
        assertTrue(out.startsWith(new File(dir.toFile(), "virtbench").getPath() + File.separator), out);
    }

    @Test
    void rejectsAParameterWithoutAValue() {
        RunMojo run = new RunMojo();
        run.buildDirectory = dir.toFile();
        run.paramList = "input";
        assertThrows(MojoExecutionException.class, run::arguments);
    }

    @Test
    void reportAndCompareReadTheNewestCampaignUnlessTold() throws Exception {
        Path older = Files.createDirectories(dir.resolve("virtbench/20260101-000000"));
        Path newer = Files.createDirectories(dir.resolve("virtbench/20260102-000000"));
        Files.writeString(older.resolve("results.json"), "{}");
        Files.writeString(newer.resolve("results.json"), "{}");
        older.resolve("results.json").toFile().setLastModified(1_000_000L);
        ReportMojo report = new ReportMojo();
        report.buildDirectory = dir.toFile();
        report.formats = List.of("html");
        assertEquals(List.of("report", "--format", "html", newer.toString()), report.arguments());

        CompareMojo compare = new CompareMojo();
        compare.buildDirectory = dir.toFile();
        compare.baseline = older.toFile();
        compare.failOnRegression = 5.0;
        assertEquals(List.of("compare", older.toString(), newer.toString(), "--fail-on-regression", "5.0"),
                compare.arguments());

        CheckMojo check = new CheckMojo();
        check.buildDirectory = dir.toFile();
        check.bounds = dir.resolve("baseline.json").toFile();
        assertEquals(List.of("check", "--baseline", check.bounds.getPath(), newer.toString()), check.arguments(),
                "virtbench:check checks the newest campaign against the bounds unless told");
        check.results = older.toFile();
        assertEquals(older.toString(), check.arguments().get(3));

        ReportMojo none = new ReportMojo();
        none.buildDirectory = dir.resolve("empty").toFile();
        assertThrows(MojoExecutionException.class, none::arguments);
    }
}
