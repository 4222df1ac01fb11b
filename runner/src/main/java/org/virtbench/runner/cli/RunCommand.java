package org.virtbench.runner.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.virtbench.runner.campaign.CampaignOptions;
import org.virtbench.runner.campaign.CampaignRunner;
import org.virtbench.runner.report.ReportFormat;
import org.virtbench.runner.stats.StatsMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code virtbench run}: sets the {@link CampaignOptions} the user gave and hands them to the
 * {@link CampaignRunner}; every check and every step of the run is there, shared with the Maven plugin.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the selected workloads on the given backends and writes journal.jsonl and results.json.")
final class RunCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", split = ",", paramLabel = "ID", description = "Backends to run on, such as host or host,lxc (default: host).")
    List<String> backends;

    @Option(names = "--include", paramLabel = "REGEX", description = "Run the workloads whose id contains a match.")
    String include;

    @Option(names = "--exclude", paramLabel = "REGEX", description = "Leave out the workloads whose id contains a match.")
    String exclude;

    @Option(names = "--profile", paramLabel = "quick|paper", description = "Parameter sizes: paper (the paper's, default) or quick.")
    String profile;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "Sets a workload parameter; repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--repeat", paramLabel = "N", description = "Trials per cell, overriding each workload's @Repeat.")
    Integer repeat;

    @Option(names = "--discard", paramLabel = "K", description = "Leading trials left out of the summary, overriding @DiscardFirst.")
    Integer discard;

    @Option(names = "--scale", split = ",", paramLabel = "N", description = "Guest counts, such as 1,2,4, overriding @ScaleVMs.")
    List<Integer> scales;

    @Option(names = "--vm-memory", paramLabel = "POLICY", description = "Memory per guest: paper (Table 4, min(2039 MiB, 3244 MiB / n)), default (that shape scaled to this host) or total=SIZE[,cap=SIZE]; overrides each workload's @ScaleVMs(memory).")
    String vmMemory;

    @Option(names = "--mix", paramLabel = "ID:N,ID:N", description = "Runs different workloads in different guests at once, such as sysbench-oltp:2,kernel-build:2, each guest normalized against its workload alone at the same n (run too).")
    String mix;

    @Option(names = "--order", paramLabel = "interleaved|sequential|random:SEED", description = "Order of trials: interleaved (default: one trial per backend per round, so drift lands on every backend alike), sequential (every trial of a cell, then the next) or random:SEED (rounds, backends shuffled each round).")
    String order;

    @Option(names = "--provisionings", paramLabel = "K", description = "Spreads each cell's trials over K fresh provisionings (new guests each time), --repeat trials in each; rigorous statistics then give the interval over the provisioning means and the report how the variance splits between provisionings and trials (default: 1).")
    Integer provisionings;

    @Option(names = "--telemetry", paramLabel = "off|1s|250ms", description = "Samples host and guest CPU, pressure and memory during every trial at this period (default 1s), into each cell's telemetry.jsonl and the results; off for none.")
    String telemetry;

    @Option(names = "--stats", paramLabel = "paper|rigorous", description = "Statistics: paper (median, default) or rigorous.")
    StatsMode stats;

    @Option(names = "--rsd", paramLabel = "FRACTION", description = "Rigorous mode adds trials while the relative standard deviation is above this (default 0.03), up to 3x the planned trials.")
    Double rsd;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: a new timestamped folder under results/).")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "html|csv|jmh",
            description = "Reports written at the end (default: html,csv); see 'virtbench report'.")
    List<ReportFormat> formats;

    @Option(names = "--budget", paramLabel = "DURATION",
            description = "Runs only the cells that fit in this time (such as 10m or 1h30m), smallest n first; every cell left out is listed with the command that runs it.")
    String budget;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continues the interrupted campaign in DIR; takes no other option.")
    Path resume;

    RunCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        return new CampaignRunner(env.campaign()).run(options()).exitStatus();
    }

    /** The options given on the command line; those not given keep {@link CampaignOptions}' defaults. */
    CampaignOptions options() {
        List<String> commandLine = new ArrayList<>(List.of("virtbench"));
        commandLine.addAll(spec.commandLine().getParseResult().originalArgs());
        return CampaignOptions.builder()
                .backends(backends).include(include).exclude(exclude).profile(profile).params(params)
                .repeat(repeat).discard(discard).scales(scales).memory(vmMemory).mix(mix).telemetry(telemetry).order(order)
                .provisionings(provisionings).stats(stats)
                .maxRelativeStdDev(rsd).output(out).formats(formats).budget(budget).resume(resume)
                .commandLine(commandLine).build();
    }
}
