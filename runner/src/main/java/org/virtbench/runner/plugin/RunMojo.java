package org.virtbench.runner.plugin;

import java.io.File;
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

/**
 * {@code mvn virtbench:run}: runs the project's workloads (and the built-in suite when
 * {@code virtbench-suites} is a dependency) as {@code virtbench run} does, after compiling them.
 * Bound to no phase: a benchmark campaign runs when asked for, never as part of a build.
 */
@Mojo(name = "run", defaultPhase = LifecyclePhase.NONE, requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = false)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public class RunMojo extends VirtbenchMojo {
    /** Backends to run on, such as {@code host} or {@code host,lxc}. */
    @Parameter(property = "virtbench.backends", defaultValue = "host")
    List<String> backends;

    /** Runs the workloads whose id contains a match of this regular expression. */
    @Parameter(property = "virtbench.includes")
    String includes;

    /** Leaves out the workloads whose id contains a match of this regular expression. */
    @Parameter(property = "virtbench.excludes")
    String excludes;

    /** Parameter sizes: {@code paper} or {@code quick}. */
    @Parameter(property = "virtbench.profile", defaultValue = "paper")
    String profile;

    /** Workload parameters, as {@code <params><input>16MiB</input></params>}. */
    @Parameter
    Map<String, String> params;

    /** Workload parameters from the command line: {@code -Dvirtbench.params=input=16MiB,count=2}. */
    @Parameter(property = "virtbench.params")
    String paramList;

    /** Guest counts, overriding each workload's {@code @ScaleVMs}. */
    @Parameter(property = "virtbench.scales")
    List<Integer> scales;

    /** Statistics: {@code paper} or {@code rigorous}. */
    @Parameter(property = "virtbench.stats", defaultValue = "paper")
    String stats;

    /** Trials per cell, overriding each workload's {@code @Repeat}. */
    @Parameter(property = "virtbench.repeat")
    Integer repeat;

    /** Leading trials left out, overriding {@code @DiscardFirst}. */
    @Parameter(property = "virtbench.discard")
    Integer discard;

    /** Reports written at the end: {@code html}, {@code csv}, {@code jmh}. */
    @Parameter(property = "virtbench.formats", defaultValue = "html,csv")
    List<String> formats;

    /** The campaign's directory; by default a new timestamped one under {@code target/virtbench}. */
    @Parameter(property = "virtbench.outputDirectory")
    File outputDirectory;

    @Override
    List<String> arguments() throws MojoExecutionException {
        List<String> args = new ArrayList<>(List.of("run"));
        listOption(args, "--backend", backends);
        option(args, "--include", includes);
        option(args, "--exclude", excludes);
        option(args, "--profile", profile);
        for (Map.Entry<String, String> p : allParams().entrySet()) {
            args.add("-p");
            args.add(p.getKey() + "=" + p.getValue());
        }
        listOption(args, "--scale", scales);
        option(args, "--stats", stats);
        option(args, "--repeat", repeat);
        option(args, "--discard", discard);
        listOption(args, "--format", formats);
        File out = outputDirectory != null ? outputDirectory : new File(campaignsDirectory(),
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        option(args, "--out", out.getPath());
        return args;
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
