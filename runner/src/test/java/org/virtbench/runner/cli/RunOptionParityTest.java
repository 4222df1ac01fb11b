package org.virtbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.campaign.RunOption;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.plugin.RunMojoAccess;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/**
 * Every option of {@code virtbench run} is a {@link RunOption}, and every {@link RunOption} is a
 * parameter of {@code mvn virtbench:run}: an option added to one and not the other fails here.
 * The plugin's parameters are read from the descriptor Maven generates (META-INF/maven/plugin.xml),
 * which is what Maven itself reads.
 */
class RunOptionParityTest {
    @TempDir
    Path dir;

    private static final Set<String> STANDARD = Set.of("--help", "--version");

    private static CommandLine virtbench() {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(List.of()), List.of(), Path.of("results"),
                quiet, quiet);
        return Main.commandLine(env);
    }

    private static CommandLine run() {
        return virtbench().getSubcommands().get("run");
    }

    @Test
    void everyRunOptionIsACampaignOption() {
        Set<String> cli = run().getCommandSpec().options().stream().map(CommandLine.Model.OptionSpec::longestName)
                .filter(name -> !STANDARD.contains(name)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> options = Arrays.stream(RunOption.values()).map(RunOption::option)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(options, cli, "virtbench run's options and RunOption");
    }

    @Test
    void everyCampaignOptionIsAPluginParameter() throws Exception {
        Set<String> plugin = runMojoProperties();
        plugin.remove("virtbench.skip");
        Set<String> options = Arrays.stream(RunOption.values()).map(RunOption::property)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(options, plugin, "mvn virtbench:run's properties and RunOption");
    }

    @Test
    void theSameCampaignFromTheCommandLineAndFromThePlugin() throws Exception {
        String out = dir.resolve("out").toString();
        CommandLine cli = virtbench();
        cli.parseArgs("run", "--backend", "host,lxc", "--include", "gzip", "--exclude", "bzip2", "--profile", "quick",
                "-p", "input=8MiB", "--repeat", "5", "--discard", "1", "--scale", "1,2,4",
                "--vm-memory", "total=3GiB,cap=1GiB", "--mix", "a:1,b:1", "--stats", "rigorous", "--rsd", "0.05",
                "--out", out, "--format", "html,jmh");
        List<String> fromCli = ((RunCommand) cli.getSubcommands().get("run").getCommand()).options().arguments();

        RunMojoAccess mojo = new RunMojoAccess(dir.toFile());
        mojo.set("backends", List.of("host", "lxc"));
        mojo.set("includes", "gzip");
        mojo.set("excludes", "bzip2");
        mojo.set("profile", "quick");
        mojo.set("paramList", "input=8MiB");
        mojo.set("repeat", 5);
        mojo.set("discard", 1);
        mojo.set("scales", List.of(1, 2, 4));
        mojo.set("vmMemory", "total=3GiB,cap=1GiB");
        mojo.set("mix", "a:1,b:1");
        mojo.set("stats", "rigorous");
        mojo.set("rsd", 0.05);
        mojo.set("outputDirectory", new File(out));
        mojo.set("formats", List.of("html", "jmh"));
        assertEquals(fromCli, mojo.arguments());
        assertEquals(List.of("--backend", "host,lxc", "--include", "gzip", "--exclude", "bzip2", "--profile", "quick",
                "--param", "input=8MiB", "--repeat", "5", "--discard", "1", "--scale", "1,2,4",
                "--vm-memory", "total=3GiB,cap=1GiB", "--mix", "a:1,b:1", "--stats", "rigorous", "--rsd", "0.05",
                "--out", out, "--format", "html,jmh"), fromCli, "every option given, each once");
    }

    /** The user properties of the run goal's parameters, from the generated plugin descriptor. */
    static Set<String> runMojoProperties() throws Exception {
        Set<String> properties = new TreeSet<>();
        try (InputStream in = RunOptionParityTest.class.getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml")) {
            assertNotNull(in, "META-INF/maven/plugin.xml: run the tests through Maven (process-classes writes it)");
            NodeList mojos = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                if (!mojo.getElementsByTagName("goal").item(0).getTextContent().equals("run")) {
                    continue;
                }
                Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
                Matcher m = Pattern.compile("\\$\\{(virtbench\\.[^}]+)}").matcher(configuration.getTextContent());
                while (m.find()) {
                    properties.add(m.group(1));
                }
            }
        }
        return properties;
    }
}
