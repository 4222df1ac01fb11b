package org.virtbench.runner.plugin;

import java.io.File;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.virtbench.runner.campaign.CampaignOptions;
import org.virtbench.runner.campaign.CampaignRunner;
import org.virtbench.runner.campaign.InvalidOptionsException;
import org.virtbench.runner.cli.CliEnvironment;
import org.virtbench.runner.cli.Main;

/**
 * {@code mvn virtbench:run}: runs the project's workloads (and the built-in suite when
 * {@code virtbench-suites} is a dependency) as {@code virtbench run} does, after compiling them.
 * Each parameter sets the {@link CampaignOptions} field of the option of the same meaning
 * ({@link org.virtbench.runner.campaign.RunOption} lists the pairs), so its defaults, checks and
 * messages are the command line's. Bound to no phase: a benchmark campaign runs when asked for,
 * never as part of a build.
 */
@Mojo(name = "run", defaultPhase = LifecyclePhase.NONE, requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = false)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public class RunMojo extends VirtbenchMojo {
    /** Backends to run on, such as {@code host} or {@code host,lxc} (default: host). */
    @Parameter(property = "virtbench.backends")
    List<String> backends;

    /** Runs the workloads whose id contains a match of this regular expression. */
    @Parameter(property = "virtbench.includes")
    String includes;

    /** Leaves out the workloads whose id contains a match of this regular expression. */
    @Parameter(property = "virtbench.excludes")
    String excludes;

    /** Parameter sizes: {@code paper} (default) or {@code quick}. */
    @Parameter(property = "virtbench.profile")
    String profile;

    /** Workload parameters, as {@code <params><input>16MiB</input></params>}. */
    @Parameter
    Map<String, String> params;

    /** Workload parameters from the command line: {@code -Dvirtbench.params=input=16MiB,count=2}. */
    @Parameter(property = "virtbench.params")
    String paramList;

    /** Trials per cell, overriding each workload's {@code @Repeat}. */
    @Parameter(property = "virtbench.repeat")
    Integer repeat;

    /** Leading trials left out, overriding {@code @DiscardFirst}. */
    @Parameter(property = "virtbench.discard")
    Integer discard;

    /** Guest counts, overriding each workload's {@code @ScaleVMs}. */
    @Parameter(property = "virtbench.scales")
    List<Integer> scales;

    /**
     * Memory per guest, overriding each workload's {@code @ScaleVMs(memory)}: {@code paper} (Table 4),
     * {@code default} (Table 4's shape scaled to this host) or {@code total=SIZE[,cap=SIZE]}.
     */
    @Parameter(property = "virtbench.vmMemory")
    String vmMemory;

    /** Different workloads in different guests at once, such as {@code sysbench-oltp:2,kernel-build:2}. */
    @Parameter(property = "virtbench.mix")
    String mix;

    /** Telemetry during every trial: {@code off} or a period such as {@code 1s} (default) or {@code 250ms}. */
    @Parameter(property = "virtbench.telemetry")
    String telemetry;

    /** Order of trials: {@code interleaved} (default), {@code sequential} or {@code random:SEED}. */
    @Parameter(property = "virtbench.order")
    String order;

    /** Fresh provisionings per cell, {@code repeat} trials in each (default 1). */
    @Parameter(property = "virtbench.provisionings")
    Integer provisionings;

    /** Statistics: {@code paper} (default) or {@code rigorous}. */
    @Parameter(property = "virtbench.stats")
    String stats;

    /** Rigorous mode adds trials while the relative standard deviation is above this fraction (default 0.03). */
    @Parameter(property = "virtbench.rsd")
    Double rsd;

    /** The campaign's directory; by default a new timestamped one under {@code target/virtbench}. */
    @Parameter(property = "virtbench.outputDirectory")
    File outputDirectory;

    /** Reports written at the end: {@code html}, {@code csv}, {@code jmh} (default: html,csv). */
    @Parameter(property = "virtbench.formats")
    List<String> formats;

    /** Only the cells that fit in this time run ({@code 10m}, {@code 1h30m}); the others are listed with their commands. */
    @Parameter(property = "virtbench.budget")
    String budget;

    /** Continues the interrupted campaign in this directory; takes no other parameter. */
    @Parameter(property = "virtbench.resume")
    File resume;

    /** Built once, so that the folder logged is the folder run. */
    private CampaignOptions options;

    /**
     * The campaign these parameters ask for.
     *
     * @throws InvalidOptionsException with the command line's message when a value is wrong
     */
    CampaignOptions options() throws MojoExecutionException {
        if (options == null) {
            File out = outputDirectory != null || resume != null ? outputDirectory : new File(campaignsDirectory(),
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            options = CampaignOptions.builder()
                    .backends(backends).include(includes).exclude(excludes).profile(profile).params(allParams())
                    .repeat(repeat).discard(discard).scales(scales).memory(vmMemory).mix(mix).telemetry(telemetry).order(order)
                    .provisionings(provisionings).stats(stats).maxRelativeStdDev(rsd).output(out == null ? null : out.toPath()).formatNames(formats).budget(budget)
                    .resume(resume == null ? null : resume.toPath()).build();
        }
        return options;
    }

    /** The equivalent {@code virtbench run} arguments, for the log and the results' command line. */
    @Override
    List<String> arguments() throws MojoExecutionException {
        List<String> args = new ArrayList<>(List.of("run"));
        try {
            args.addAll(options().arguments());
        } catch (InvalidOptionsException e) {
            // reported once, by run(), as the command line reports it
        }
        return args;
    }

    @Override
    int run(CliEnvironment env, List<String> args) throws MojoExecutionException {
        try {
            return new CampaignRunner(env.campaign()).run(options()).exitStatus();
        } catch (InvalidOptionsException e) {
            env.err().println("virtbench: " + InvalidOptionsException.oneLine(e.getMessage()));
            return Main.USAGE;
        } catch (IOException e) {
            throw new MojoExecutionException("virtbench run: " + e.getMessage(), e);
        }
    }

    /** The configured parameters, then those of the command line, which win. */
    private Map<String, String> allParams() throws MojoExecutionException {
        Map<String, String> all = new TreeMap<>(params == null ? Map.of() : params);
        if (paramList != null && !paramList.isBlank()) {
            for (String pair : paramList.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new MojoExecutionException("virtbench.params: '" + pair + "' is not NAME=VALUE; give "
                            + "-Dvirtbench.params=input=16MiB,count=2");
                }
                all.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return all;
    }
}
