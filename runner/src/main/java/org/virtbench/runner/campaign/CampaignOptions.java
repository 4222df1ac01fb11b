package org.virtbench.runner.campaign;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.runner.budget.Budget;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.TrialOrder;
import org.virtbench.runner.report.ReportFormat;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.telemetry.TelemetryInterval;

/**
 * What one campaign runs, typed and immutable: every option of {@code virtbench run}, which the
 * Maven plugin's parameters and the quickstart set too. Built with {@link #builder()}, one named
 * setter per option, so that a field added later changes no call site. {@link CampaignRunner} runs it.
 *
 * <pre>{@code
 * CampaignOptions options = CampaignOptions.builder()
 *         .backends("host", "lxc").include("^bzip2$").profile(Profile.QUICK)
 *         .scales(List.of(1, 2, 4)).memory(MemoryPolicy.paper()).stats(StatsMode.RIGOROUS)
 *         .build();
 * }</pre>
 *
 * <p>Text forms (a profile, a memory policy, a statistics mode, a format) are parsed once, by the
 * builder's {@code String} setters, which throw {@link InvalidOptionsException} with the line the
 * command line prints. Setters given {@code null} leave the option unset.
 */
public final class CampaignOptions {
    private final List<String> backends;
    private final String include;
    private final String exclude;
    private final Profile profile;
    private final Map<String, String> params;
    private final Integer repeat;
    private final Integer discard;
    private final List<Integer> scales;
    private final MemoryPolicy memory;
    private final String mix;
    private final TelemetryInterval telemetry;
    private final TrialOrder order;
    private final Integer provisionings;
    private final StatsMode stats;
    private final double maxRelativeStdDev;
    private final Path output;
    private final Set<ReportFormat> formats;
    private final Duration budget;
    private final Path resume;
    private final List<String> commandLine;
    private final Set<RunOption> given;

    private CampaignOptions(Builder b) {
        backends = List.copyOf(b.backends);
        include = b.include;
        exclude = b.exclude;
        profile = b.profile;
        params = Map.copyOf(b.params);
        repeat = b.repeat;
        discard = b.discard;
        scales = List.copyOf(b.scales);
        memory = b.memory;
        mix = b.mix;
        telemetry = b.telemetry;
        order = b.order;
        provisionings = b.provisionings;
        stats = b.stats;
        maxRelativeStdDev = b.maxRelativeStdDev;
        output = b.output;
        formats = Set.copyOf(b.formats);
        budget = b.budget;
        resume = b.resume;
        commandLine = b.commandLine == null ? null : List.copyOf(b.commandLine);
        given = Collections.unmodifiableSet(EnumSet.copyOf(b.given));
    }

    /** A builder with every option at its default: host, all workloads, paper profile and statistics. */
    public static Builder builder() {
        return new Builder();
    }

    /** Backend ids in the order given, such as {@code host} or {@code ssh:lab.yaml}; default {@code host}. */
    public List<String> backends() {
        return backends;
    }

    /** Regular expression a workload id must contain a match of. */
    public Optional<String> include() {
        return Optional.ofNullable(include);
    }

    /** Regular expression that leaves out a workload whose id contains a match. */
    public Optional<String> exclude() {
        return Optional.ofNullable(exclude);
    }

    public Profile profile() {
        return profile;
    }

    /** Workload parameters by name, overriding the profile's values. */
    public Map<String, String> params() {
        return params;
    }

    /** Trials per cell, overriding each workload's {@code @Repeat}. */
    public Optional<Integer> repeat() {
        return Optional.ofNullable(repeat);
    }

    /** Leading trials left out of the summary, overriding {@code @DiscardFirst}. */
    public Optional<Integer> discard() {
        return Optional.ofNullable(discard);
    }

    /** Guest counts overriding each workload's {@code @ScaleVMs}; empty for the workloads' own. */
    public List<Integer> scales() {
        return scales;
    }

    /** Memory per guest, overriding each workload's {@code @ScaleVMs(memory)}. */
    public Optional<MemoryPolicy> memory() {
        return Optional.ofNullable(memory);
    }

    /** Different workloads in different guests at once, such as {@code sysbench-oltp:2,kernel-build:2}. */
    public Optional<String> mix() {
        return Optional.ofNullable(mix);
    }

    /** How often telemetry samples during every trial; {@link TelemetryInterval#DEFAULT} unless given. */
    public TelemetryInterval telemetry() {
        return telemetry;
    }

    /** The order of trials; {@link TrialOrder#standard()} (interleaved) unless given. */
    public TrialOrder order() {
        return order;
    }

    /** How many fresh provisionings each cell's trials are spread over; 1 unless given. */
    public int provisionings() {
        return provisionings == null ? 1 : provisionings;
    }

    public StatsMode stats() {
        return stats;
    }

    /** Rigorous mode adds trials while the relative standard deviation is above this. */
    public double maxRelativeStdDev() {
        return maxRelativeStdDev;
    }

    /** The campaign's folder; by default a new timestamped one under the environment's results root. */
    public Optional<Path> output() {
        return Optional.ofNullable(output);
    }

    /** Reports written at the end beside {@code results.json}. */
    public Set<ReportFormat> formats() {
        return formats;
    }

    /** The folder of an interrupted campaign to continue; it takes no other option. */
    public Optional<Path> resume() {
        return Optional.ofNullable(resume);
    }

    /**
     * The time the campaign may take: only the cells that fit run, the others are listed with the
     * command that runs each (see {@link org.virtbench.runner.budget.Budget}).
     */
    public Optional<Duration> budget() {
        return Optional.ofNullable(budget);
    }

    /** The options that were set, as opposed to left at their defaults, in {@link RunOption} order. */
    public Set<RunOption> given() {
        return given;
    }

    /**
     * The {@code virtbench run} arguments that give these options, in {@link RunOption} order;
     * what the plugin and the quickstart log, and the command line a campaign records unless told.
     */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        for (RunOption option : given) {
            switch (option) {
                case BACKEND -> add(args, option, String.join(",", backends));
                case INCLUDE -> add(args, option, include);
                case EXCLUDE -> add(args, option, exclude);
                case PROFILE -> add(args, option, profile.id());
                case PARAM -> params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(p -> add(args, option, p.getKey() + "=" + p.getValue()));
                case REPEAT -> add(args, option, repeat.toString());
                case DISCARD -> add(args, option, discard.toString());
                case SCALE -> add(args, option, String.join(",", scales.stream().map(String::valueOf).toList()));
                case VM_MEMORY -> add(args, option, memory.text());
                case MIX -> add(args, option, mix);
                case TELEMETRY -> add(args, option, telemetry.toString());
                case ORDER -> add(args, option, order.text());
                case PROVISIONINGS -> add(args, option, provisionings.toString());
                case STATS -> add(args, option, stats.name().toLowerCase(Locale.ROOT));
                case RSD -> add(args, option, Double.toString(maxRelativeStdDev));
                case OUT -> add(args, option, output.toString());
                case FORMAT -> {
                    // no reports at all (a benchmark's own campaign) has no command-line spelling
                    if (!formats.isEmpty()) {
                        add(args, option, String.join(",", Arrays.stream(ReportFormat.values())
                                .filter(formats::contains).map(f -> f.name().toLowerCase(Locale.ROOT)).toList()));
                    }
                }
                case BUDGET -> add(args, option, budget.toString());
                case RESUME -> add(args, option, resume.toString());
            }
        }
        return args;
    }

    private static void add(List<String> args, RunOption option, String value) {
        args.add(option.option());
        args.add(value);
    }

    /** The command line the campaign records: as given to {@link Builder#commandLine}, else from {@link #arguments()}. */
    public List<String> commandLine() {
        if (commandLine != null) {
            return commandLine;
        }
        List<String> line = new ArrayList<>(List.of("virtbench", "run"));
        line.addAll(arguments());
        return line;
    }

    /** The settings a new campaign keeps in {@code campaign.json}; text only from here on, at the JSON edge. */
    CampaignSettings settings(String started) {
        return new CampaignSettings(backends, include, exclude, profile.id(), params, repeat, discard, scales, stats,
                maxRelativeStdDev, commandLine(), started, memory, mix,
                given.contains(RunOption.TELEMETRY) ? telemetry.toString() : null, order.text(), provisionings);
    }

    /** A builder holding these options, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.backends = new ArrayList<>(backends);
        b.include = include;
        b.exclude = exclude;
        b.profile = profile;
        b.params = new LinkedHashMap<>(params);
        b.repeat = repeat;
        b.discard = discard;
        b.scales = new ArrayList<>(scales);
        b.memory = memory;
        b.mix = mix;
        b.telemetry = telemetry;
        b.order = order;
        b.provisionings = provisionings;
        b.stats = stats;
        b.maxRelativeStdDev = maxRelativeStdDev;
        b.output = output;
        b.formats = EnumSet.copyOf(formats.isEmpty() ? EnumSet.noneOf(ReportFormat.class) : formats);
        b.budget = budget;
        b.resume = resume;
        b.commandLine = commandLine;
        b.given.addAll(given);
        return b;
    }

    /** Sets options one by one; {@link #build()} checks them together. Not thread-safe. */
    public static final class Builder {
        private List<String> backends = new ArrayList<>(List.of("host"));
        private String include;
        private String exclude;
        private Profile profile = Profile.PAPER;
        private Map<String, String> params = new LinkedHashMap<>();
        private Integer repeat;
        private Integer discard;
        private List<Integer> scales = new ArrayList<>();
        private MemoryPolicy memory;
        private String mix;
        private TelemetryInterval telemetry = TelemetryInterval.DEFAULT;
        private TrialOrder order = TrialOrder.standard();
        private Integer provisionings;
        private StatsMode stats = StatsMode.PAPER;
        private double maxRelativeStdDev = CampaignSettings.DEFAULT_MAX_RSD;
        private Path output;
        private Set<ReportFormat> formats = EnumSet.copyOf(Reports.DEFAULT);
        private Duration budget;
        private Path resume;
        private List<String> commandLine;
        private final Set<RunOption> given = EnumSet.noneOf(RunOption.class);

        private Builder() {
        }

        private boolean set(RunOption option, Object value) {
            if (value == null) {
                return false;
            }
            given.add(option);
            return true;
        }

        /** Backend ids; an empty list, as Maven gives for a list parameter not set, leaves the default. */
        public Builder backends(List<String> ids) {
            if (ids != null && !ids.isEmpty()) {
                given.add(RunOption.BACKEND);
                backends = new ArrayList<>(ids);
            }
            return this;
        }

        public Builder backends(String... ids) {
            return backends(List.of(ids));
        }

        public Builder include(String regex) {
            if (set(RunOption.INCLUDE, regex)) {
                include = regex;
            }
            return this;
        }

        public Builder exclude(String regex) {
            if (set(RunOption.EXCLUDE, regex)) {
                exclude = regex;
            }
            return this;
        }

        public Builder profile(Profile value) {
            if (set(RunOption.PROFILE, value)) {
                profile = value;
            }
            return this;
        }

        /** @throws InvalidOptionsException when {@code text} is not {@code paper} or {@code quick} */
        public Builder profile(String text) {
            return profile(text == null ? null : Profile.of(text));
        }

        /** One workload parameter; a later value of the same name wins. */
        public Builder param(String name, String value) {
            set(RunOption.PARAM, name);
            params.put(name, value);
            return this;
        }

        public Builder params(Map<String, String> values) {
            if (values != null) {
                values.forEach(this::param);
            }
            return this;
        }

        public Builder repeat(Integer trials) {
            if (set(RunOption.REPEAT, trials)) {
                repeat = trials;
            }
            return this;
        }

        public Builder discard(Integer trials) {
            if (set(RunOption.DISCARD, trials)) {
                discard = trials;
            }
            return this;
        }

        public Builder scales(List<Integer> guests) {
            if (guests != null && !guests.isEmpty()) {
                given.add(RunOption.SCALE);
                scales = new ArrayList<>(guests);
            }
            return this;
        }

        public Builder memory(MemoryPolicy policy) {
            if (set(RunOption.VM_MEMORY, policy)) {
                memory = policy;
            }
            return this;
        }

        /** @throws InvalidOptionsException when {@code text} is not a memory policy */
        public Builder memory(String text) {
            if (text == null) {
                return this;
            }
            try {
                return memory(MemoryPolicy.parse(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException("--vm-memory " + e.getMessage());
            }
        }

        public Builder mix(String spec) {
            if (set(RunOption.MIX, spec)) {
                mix = spec;
            }
            return this;
        }

        public Builder telemetry(TelemetryInterval interval) {
            if (set(RunOption.TELEMETRY, interval)) {
                telemetry = interval;
            }
            return this;
        }

        /** @throws InvalidOptionsException when {@code text} is not {@code off} or a period such as {@code 1s} */
        public Builder telemetry(String text) {
            if (text == null) {
                return this;
            }
            try {
                return telemetry(TelemetryInterval.parse(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException(e.getMessage());
            }
        }

        public Builder order(TrialOrder value) {
            if (set(RunOption.ORDER, value)) {
                order = value;
            }
            return this;
        }

        /** @throws InvalidOptionsException when {@code text} is not interleaved, sequential or random:SEED */
        public Builder order(String text) {
            if (text == null) {
                return this;
            }
            try {
                return order(TrialOrder.parse(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException("--order " + e.getMessage());
            }
        }

        /** Fresh provisionings per cell, {@code --repeat} trials in each. */
        public Builder provisionings(Integer count) {
            if (set(RunOption.PROVISIONINGS, count)) {
                provisionings = count;
            }
            return this;
        }

        public Builder stats(StatsMode mode) {
            if (set(RunOption.STATS, mode)) {
                stats = mode;
            }
            return this;
        }

        /** @throws InvalidOptionsException when {@code text} is not {@code paper} or {@code rigorous} */
        public Builder stats(String text) {
            return stats(text == null ? null : parse(StatsMode.class, RunOption.STATS, text));
        }

        /** The relative standard deviation rigorous mode repeats above, a fraction such as 0.03. */
        public Builder maxRelativeStdDev(Double fraction) {
            if (set(RunOption.RSD, fraction)) {
                maxRelativeStdDev = fraction;
            }
            return this;
        }

        public Builder output(Path folder) {
            if (set(RunOption.OUT, folder)) {
                output = folder;
            }
            return this;
        }

        public Builder formats(Collection<ReportFormat> values) {
            if (set(RunOption.FORMAT, values)) {
                formats = values.isEmpty() ? EnumSet.noneOf(ReportFormat.class) : EnumSet.copyOf(values);
            }
            return this;
        }

        /**
         * Formats as written ({@code html}, {@code csv}, {@code jmh}), in any case; an empty list, as
         * Maven gives for a list parameter not set, leaves the default.
         */
        public Builder formatNames(List<String> names) {
            return formats(names == null || names.isEmpty() ? null
                    : names.stream().map(n -> parse(ReportFormat.class, RunOption.FORMAT, n)).toList());
        }

        public Builder budget(Duration limit) {
            if (set(RunOption.BUDGET, limit)) {
                budget = limit;
            }
            return this;
        }

        /** A budget as written: {@code 10m}, {@code 90s}, {@code 1h30m} or ISO-8601 ({@code PT10M}). */
        public Builder budget(String text) {
            if (text == null) {
                return this;
            }
            try {
                return budget(Budget.parse(text));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException(e.getMessage());
            }
        }

        public Builder resume(Path folder) {
            if (set(RunOption.RESUME, folder)) {
                resume = folder;
            }
            return this;
        }

        /** The command line to record in the results, when an adapter has the user's own. */
        public Builder commandLine(List<String> line) {
            commandLine = line == null ? null : List.copyOf(line);
            return this;
        }

        /**
         * The options, checked together.
         *
         * @throws InvalidOptionsException when {@code --resume} comes with another option, the RSD is no
         *                                 fraction, or the discarded trials leave none
         */
        public CampaignOptions build() {
            if (resume != null && given.size() > 1) {
                throw new InvalidOptionsException("--resume takes no other option: the campaign's settings are read from "
                        + resume.resolve(CampaignSettings.FILE));
            }
            if (!(maxRelativeStdDev > 0 && maxRelativeStdDev < 1)) {
                throw new InvalidOptionsException("--rsd " + maxRelativeStdDev
                        + " is not a fraction; give one such as 0.03 for 3%");
            }
            if (provisionings != null && provisionings < 1) {
                throw new InvalidOptionsException("--provisionings takes a count of at least 1, such as --provisionings 3");
            }
            if (repeat != null && discard != null && discard >= repeat) {
                throw new InvalidOptionsException("--discard " + discard + " leaves nothing of --repeat " + repeat
                        + " to summarize; give --discard less than --repeat");
            }
            return new CampaignOptions(this);
        }

        private static <E extends Enum<E>> E parse(Class<E> type, RunOption option, String text) {
            try {
                return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException(option.option() + " '" + text + "' is not one of "
                        + String.join(", ", Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList()));
            }
        }
    }
}
