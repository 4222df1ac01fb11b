package org.virtbench.runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.virtbench.backend.Backend;
import org.virtbench.runner.engine.CampaignPlanner;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.CellPlan;
import org.virtbench.runner.engine.TrialOrder;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.report.ReportFormat;
import org.virtbench.runner.stats.StatsMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code virtbench run}: checks the options, then runs or resumes a campaign. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the selected workloads on the given backends and writes journal.jsonl and results.json.")
final class RunCommand implements Callable<Integer> {
    private static final List<String> PROFILES = List.of("paper", "quick");

    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", split = ",", paramLabel = "ID", description = "Backends to run on, such as host or host,lxc (default: host).")
    List<String> backends = new ArrayList<>(List.of("host"));

    @Option(names = "--include", paramLabel = "REGEX", description = "Run the workloads whose id contains a match.")
    String include;

    @Option(names = "--exclude", paramLabel = "REGEX", description = "Leave out the workloads whose id contains a match.")
    String exclude;

    @Option(names = "--profile", paramLabel = "quick|paper", description = "Parameter sizes: paper (the paper's, default) or quick.")
    String profile = "paper";

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "Sets a workload parameter; repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--repeat", paramLabel = "N", description = "Trials per cell, overriding each workload's @Repeat.")
    Integer repeat;

    @Option(names = "--discard", paramLabel = "K", description = "Leading trials left out of the summary, overriding @DiscardFirst.")
    Integer discard;

    @Option(names = "--scale", split = ",", paramLabel = "N", description = "Guest counts, such as 1,2,4, overriding @ScaleVMs.")
    List<Integer> scales = new ArrayList<>();

    @Option(names = "--vm-memory", paramLabel = "POLICY", description = "Memory per guest: paper (Table 4, min(2039 MiB, 3244 MiB / n)), default (that shape scaled to this host) or total=SIZE[,cap=SIZE]; overrides each workload's @ScaleVMs(memory).")
    String vmMemory;

    @Option(names = "--mix", paramLabel = "ID:N,ID:N", description = "Runs different workloads in different guests at once, such as sysbench-oltp:2,kernel-build:2, each guest normalized against its workload alone at the same n (run too).")
    String mix;

    @Option(names = "--order", paramLabel = "interleaved|sequential|random:SEED", description = "Order of trials: interleaved (default: one trial per backend per round, so drift lands on every backend alike), sequential (every trial of a cell, then the next) or random:SEED (rounds, backends shuffled each round).")
    String order = TrialOrder.standard().text();

    @Option(names = "--provisionings", paramLabel = "K", description = "Spreads each cell's trials over K fresh provisionings (new guests each time), --repeat trials in each; rigorous statistics then give the interval over the provisioning means and the report how the variance splits between provisionings and trials (default: 1).")
    Integer provisionings;

    @Option(names = "--stats", paramLabel = "paper|rigorous", description = "Statistics: paper (median, default) or rigorous.")
    StatsMode stats = StatsMode.PAPER;

    @Option(names = "--rsd", paramLabel = "FRACTION", description = "Rigorous mode adds trials while the relative standard deviation is above this (default 0.03), up to 3x the planned trials.")
    double rsd = CampaignSettings.DEFAULT_MAX_RSD;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: a new timestamped folder under results/).")
    Path out;

    @Option(names = "--format", split = ",", paramLabel = "html|csv|jmh",
            description = "Reports written at the end (default: html,csv); see 'virtbench report'.")
    List<ReportFormat> formats = new ArrayList<>(List.of(ReportFormat.HTML, ReportFormat.CSV));

    @Option(names = "--resume", paramLabel = "DIR", description = "Continues the interrupted campaign in DIR; takes no other option.")
    Path resume;

    RunCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        List<String> arguments = spec.commandLine().getParseResult().originalArgs();
        if (resume != null) {
            return resume(arguments);
        }
        if (!PROFILES.contains(profile)) {
            throw new UsageException("--profile '" + profile + "' is not a profile; use quick or paper");
        }
        if (!(rsd > 0 && rsd < 1)) {
            throw new UsageException("--rsd " + rsd + " is not a fraction; give one such as 0.03 for 3%");
        }
        if (repeat != null && discard != null && discard >= repeat) {
            throw new UsageException("--discard " + discard + " leaves nothing of --repeat " + repeat
                    + " to summarize; give --discard less than --repeat");
        }
        Path dir = out != null ? out : env.resultsRoot().resolve(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out " + dir + " is a file; give a directory (it is created if missing)");
        }
        if (Files.exists(dir.resolve(Journal.FILE))) {
            throw new UsageException(dir + " already holds a campaign; continue it with --resume " + dir
                    + " or give another --out");
        }
        List<String> commandLine = new ArrayList<>(List.of("virtbench"));
        commandLine.addAll(arguments);
        CampaignSettings settings = new CampaignSettings(backends, include, exclude, profile, params, repeat, discard,
                scales, stats, rsd, commandLine, Instant.now().toString(), vmMemory, mix, order, provisionings);
        Prepared prepared = prepare(settings);
        Files.createDirectories(dir);
        settings.write(dir);
        return new CampaignRun(env, settings, dir, prepared.backends(), prepared.cells())
                .formats(EnumSet.copyOf(formats)).execute();
    }

    private Integer resume(List<String> arguments) throws IOException {
        if (spec.commandLine().getParseResult().matchedOptions().size() > 1) {
            throw new UsageException("--resume takes no other option: the campaign's settings are read from "
                    + resume.resolve(CampaignSettings.FILE));
        }
        if (!Files.isRegularFile(resume.resolve(CampaignSettings.FILE))) {
            throw new UsageException(resume + " holds no " + CampaignSettings.FILE
                    + ", so it is not a campaign to resume; give the --out directory of an earlier run");
        }
        CampaignSettings settings;
        try {
            settings = CampaignSettings.read(resume);
        } catch (IOException e) {
            throw new UsageException(resume.resolve(CampaignSettings.FILE) + " cannot be read (" + Main.oneLine(
                    e.getMessage()) + "); it is not a campaign to resume");
        }
        Prepared prepared = prepare(settings);
        return new CampaignRun(env, settings, resume, prepared.backends(), prepared.cells()).execute();
    }

    private record Prepared(Map<String, Backend> backends, List<CellPlan> cells) {
    }

    /** Everything that can be checked before running: backends exist and can run, the cells plan. */
    private Prepared prepare(CampaignSettings settings) {
        Map<String, Backend> created = Backends.create(settings.backends(), env.providers());
        WorkloadCatalog catalog = env.catalog().get();
        List<CellPlan> cells;
        try {
            cells = CampaignPlanner.plan(settings, catalog);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        for (Backend backend : created.values()) {
            backend.probe().whyNot().ifPresent(why -> {
                throw new UsageException("backend " + backend.id() + " cannot run here: " + why);
            });
        }
        return new Prepared(created, cells);
    }
}
