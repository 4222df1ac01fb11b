package org.virtbench.runner.budget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtbench.guest.Shell;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.CellPlan;
import org.virtbench.runner.journal.CellKey;

/**
 * A campaign's cost against a time budget. Every cell is estimated ({@link CostModel}) before
 * anything runs. Under a budget, first each backend's cheapest cell at its smallest n is taken (so
 * every backend shows), then every other cell cheapest first, while it fits. A guest's cell is
 * normalized against bare metal at the same n, so it is kept only with its baseline, which ranks
 * before it. The kept cells then run in the campaign's order. Every cell left out is listed with the reason and the one command that runs it:
 * nothing is dropped silently.
 */
public final class Budget {
    static final String BASELINE = "host";
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?:in)?)?(?:(\\d+)s)?");

    private Budget() {
    }

    /**
     * A cell that does not fit.
     *
     * @param reason  why, in words
     * @param command the one command that runs it
     */
    public record LeftOut(CellEstimate estimate, String reason, String command) {
        public CellKey cell() {
            return estimate.cell();
        }
    }

    /**
     * The cells to run, with their estimates in run order, and those left out.
     *
     * @param limit the budget; empty when there is none
     */
    public record Fit(List<CellPlan> kept, List<CellEstimate> estimates, List<LeftOut> leftOut,
                      Optional<Duration> limit) {
        public Fit {
            kept = List.copyOf(kept);
            estimates = List.copyOf(estimates);
            leftOut = List.copyOf(leftOut);
        }

        /** The estimated duration of the kept cells. */
        public Duration estimated() {
            return estimates.stream().map(CellEstimate::total).reduce(Duration.ZERO, Duration::plus);
        }

        /**
         * What a person reads before the campaign starts: the estimate, the budget, and every cell
         * left out with its reason and command.
         */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            long assumed = estimates.stream().filter(e -> e.source() == CellEstimate.Source.ASSUMED).count();
            long measured = estimates.stream().filter(e -> e.source() == CellEstimate.Source.MEASURED).count();
            lines.add("estimated " + CellEstimate.words(estimated()) + " for " + kept.size() + " cell(s)"
                    + limit.map(l -> " (budget " + CellEstimate.words(l).substring(1) + ")").orElse("")
                    + " from " + (measured > 0 ? measured + " measured here before, " : "")
                    + (estimates.size() - measured - assumed) + " declared"
                    + (assumed > 0 ? ", " + assumed + " assumed at " + CostModel.ASSUMED_TRIAL.toSeconds() + " s a trial" : ""));
            if (!leftOut.isEmpty()) {
                lines.add(leftOut.size() + " cell(s) left out of the budget; each runs with its command:");
                for (LeftOut l : leftOut) {
                    lines.add("  " + l.cell() + " (" + CellEstimate.words(l.estimate().total()) + "): " + l.reason());
                    lines.add("    " + l.command());
                }
            }
            return lines;
        }

        /** The estimate of each kept cell, by cell. */
        public Map<CellKey, CellEstimate> byCell() {
            Map<CellKey, CellEstimate> map = new LinkedHashMap<>();
            estimates.forEach(e -> map.put(e.cell(), e));
            return map;
        }
    }

    /** Every cell, estimated, none left out. */
    public static Fit all(List<CellPlan> cells, CostModel model) {
        return new Fit(cells, cells.stream().map(model::estimate).toList(), List.of(), Optional.empty());
    }

    /** The cells that fit in {@code limit}, and the rest with their commands. */
    public static Fit fit(List<CellPlan> cells, CostModel model, Duration limit, CampaignSettings settings) {
        Map<CellPlan, CellEstimate> estimates = new LinkedHashMap<>();
        cells.forEach(c -> estimates.put(c, model.estimate(c)));
        Map<String, Duration> baselineCost = new java.util.HashMap<>();
        cells.stream().filter(c -> c.cell().backend().equals(BASELINE))
                .forEach(c -> baselineCost.put(c.cell().workload() + "#" + c.cell().guests(), estimates.get(c).total()));
        // first each backend's cheapest cell at its smallest n, so that every backend shows; then every
        // cell cheapest first (a guest's cell ranked by the dearer of it and its baseline, after the baseline)
        Set<CellPlan> firsts = new HashSet<>();
        cells.stream().collect(java.util.stream.Collectors.groupingBy(c -> c.cell().backend())).values()
                .forEach(own -> own.stream().min(Comparator.<CellPlan>comparingInt(c -> c.cell().guests())
                        .thenComparing(c -> rank(c, estimates, baselineCost))).ifPresent(firsts::add));
        List<CellPlan> priority = new ArrayList<>(cells);
        priority.sort(Comparator.<CellPlan, Boolean>comparing(c -> !firsts.contains(c))
                .thenComparing(c -> rank(c, estimates, baselineCost))
                .thenComparing(c -> !c.cell().backend().equals(BASELINE))
                .thenComparing(c -> c.cell().guests())
                .thenComparing(c -> c.cell().workload()));
        Set<CellPlan> kept = new HashSet<>();
        Set<String> baselines = new HashSet<>();
        Map<CellPlan, String> reasons = new LinkedHashMap<>();
        Duration left = limit;
        for (CellPlan c : priority) {
            Duration cost = estimates.get(c).total();
            CellKey key = c.cell();
            boolean baseline = key.backend().equals(BASELINE);
            if (!baseline && !c.mixed() && hasBaseline(cells, key) && !baselines.contains(key.workload() + "#" + key.guests())) {
                reasons.put(c, "its bare-metal baseline at n = " + key.guests() + " does not fit");
            } else if (cost.compareTo(left) > 0) {
                reasons.put(c, CellEstimate.words(cost) + (left.toSeconds() < 1 ? " does not fit: the budget is spent"
                        : " does not fit in the " + CellEstimate.words(left) + " left of the budget"));
            } else {
                kept.add(c);
                left = left.minus(cost);
                if (baseline) {
                    baselines.add(key.workload() + "#" + key.guests());
                }
            }
        }
        List<CellPlan> run = cells.stream().filter(kept::contains).toList();
        List<LeftOut> out = cells.stream().filter(reasons::containsKey)
                .map(c -> new LeftOut(estimates.get(c), reasons.get(c), command(c, settings))).toList();
        return new Fit(run, run.stream().map(estimates::get).toList(), out, Optional.of(limit));
    }

    /** The dearer of a cell and its bare-metal baseline at the same n. */
    private static Duration rank(CellPlan c, Map<CellPlan, CellEstimate> estimates, Map<String, Duration> baselineCost) {
        Duration own = estimates.get(c).total();
        Duration base = baselineCost.getOrDefault(c.cell().workload() + "#" + c.cell().guests(), Duration.ZERO);
        return own.compareTo(base) >= 0 ? own : base;
    }

    private static boolean hasBaseline(List<CellPlan> cells, CellKey key) {
        return cells.stream().anyMatch(c -> c.cell().equals(new CellKey(key.workload(), BASELINE, key.guests())));
    }

    /**
     * The command that runs one cell with the campaign's other settings (profile, parameters, trial
     * counts, statistics, memory policy), every word quoted for the shell.
     */
    public static String command(CellPlan plan, CampaignSettings settings) {
        CellKey cell = plan.cell();
        List<String> argv = new ArrayList<>(List.of("./virtbench", "run", "--backend", cell.backend()));
        if (plan.mixed()) {
            argv.addAll(List.of("--mix", settings.mix()));
        } else {
            // the id as a literal: every character that is not a letter, digit, - or _ escaped
            argv.addAll(List.of("--include", "^" + cell.workload().replaceAll("[^A-Za-z0-9_-]", "\\\\$0") + "$",
                    "--scale", Integer.toString(cell.guests())));
        }
        argv.addAll(List.of("--profile", settings.profile()));
        settings.params().forEach((name, value) -> argv.addAll(List.of("-p", name + "=" + value)));
        if (settings.repeat() != null) {
            argv.addAll(List.of("--repeat", settings.repeat().toString()));
        }
        if (settings.discard() != null) {
            argv.addAll(List.of("--discard", settings.discard().toString()));
        }
        if (settings.stats() != null && settings.stats() != org.virtbench.runner.stats.StatsMode.PAPER) {
            argv.addAll(List.of("--stats", settings.stats().name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (settings.vmMemory() != null) {
            argv.addAll(List.of("--vm-memory", settings.vmMemory().text()));
        }
        return Shell.join(argv);
    }

    /**
     * Parses a budget such as {@code 10m}, {@code 90s}, {@code 1h30m} or an ISO-8601 duration
     * ({@code PT10M}).
     *
     * @throws IllegalArgumentException with a one-line message when it is none of those or not positive
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        Duration d = null;
        Matcher m = DURATION.matcher(t);
        if (!t.isEmpty() && m.matches()) {
            d = Duration.ofHours(number(m.group(1))).plusMinutes(number(m.group(2))).plusSeconds(number(m.group(3)));
        } else if (t.startsWith("pt")) {
            try {
                d = Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("--budget '" + text + "' is not a duration; give one such as 10m, 90s or 1h30m");
        }
        return d;
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
