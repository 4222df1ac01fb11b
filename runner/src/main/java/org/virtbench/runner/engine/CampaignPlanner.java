package org.virtbench.runner.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.journal.CellKey;

/**
 * Turns settings into the campaign's cells: the selected workloads x the backends x the guest
 * counts, in that order of nesting; when trials alternate in rounds ({@link TrialOrder#rounds()}),
 * the workloads x the guest counts x the backends, so the cells the engine alternates between are
 * next to each other. Everything wrong with the settings is found here, before
 * anything runs, and reported as one line that says what to do.
 */
public final class CampaignPlanner {
    private CampaignPlanner() {
    }

    /**
     * Plans the cells.
     *
     * @throws IllegalArgumentException with a one-line message: a bad pattern, a pattern that selects
     *                                  nothing, an unknown or badly typed {@code -p}, a discard that
     *                                  leaves nothing to summarize
     */
    public static List<CellPlan> plan(CampaignSettings settings, WorkloadCatalog catalog) {
        MemoryPolicy override = settings.memoryOverride().orElse(null);
        try {
            settings.trialOrder();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--order " + e.getMessage(), e);
        }
        if (settings.mixOverride().isPresent()) {
            return MixPlanner.plan(settings, catalog, override);
        }
        List<PlanSpec> selected = select(settings, catalog.specs());
        for (String name : settings.params().keySet()) {
            if (selected.stream().noneMatch(s -> s.param(name).isPresent())) {
                throw new IllegalArgumentException("-p " + name + ": no selected workload has a parameter named '"
                        + name + "'; 'virtbench list' shows each workload's parameters");
            }
        }
        if (settings.provisioningCount() < 1) {
            throw new IllegalArgumentException("--provisionings takes a count of at least 1, such as --provisionings 3");
        }
        if (settings.scales().stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--scale takes guest counts of at least 1, such as --scale 1,2,4");
        }
        List<CellPlan> cells = new ArrayList<>();
        for (PlanSpec spec : selected) {
            int repeat = settings.repeatOverride().orElse(spec.repeat());
            int discard = settings.discardOverride().orElse(spec.discard());
            List<Integer> scales = settings.scales().isEmpty() ? spec.scales() : settings.scales();
            if (settings.trialOrder().rounds()) {
                // the backends of one n side by side: the engine alternates their trials in rounds
                for (int n : scales) {
                    for (String backend : settings.backends()) {
                        cells.add(solo(settings, catalog, spec, backend, n, repeat, discard, override));
                    }
                }
            } else {
                for (String backend : settings.backends()) {
                    for (int n : scales) {
                        cells.add(solo(settings, catalog, spec, backend, n, repeat, discard, override));
                    }
                }
            }
        }
        return cells;
    }

    /** The cell of one workload in {@code n} guests on a backend. */
    static CellPlan solo(CampaignSettings settings, WorkloadCatalog catalog, PlanSpec spec, String backend, int n,
                         int repeat, int discard, MemoryPolicy override) {
        checkTrials(spec.id(), repeat, discard);
        ParamValues values = resolve(spec, settings.profile(), settings.params());
        MemoryPolicy memory = override != null ? override : spec.memoryPolicy().orElse(MemoryPolicy.hostScaled());
        return new CellPlan(new CellKey(spec.id(), backend, n), spec, catalog.plan(spec), values, repeat, discard,
                memory, List.of());
    }

    static void checkTrials(String what, int repeat, int discard) {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
        }
        if (discard < 0 || discard >= repeat) {
            throw new IllegalArgumentException("discarding " + discard + " of " + repeat + " trials of "
                    + what + " leaves nothing to summarize; give --discard less than --repeat");
        }
    }


    /** The workloads the include and exclude patterns select, sorted by id. */
    public static List<PlanSpec> select(CampaignSettings settings, List<PlanSpec> all) {
        Pattern include = compile("--include", settings.include());
        Pattern exclude = compile("--exclude", settings.exclude());
        List<PlanSpec> selected = all.stream()
                .filter(s -> include == null || include.matcher(s.id()).find())
                .filter(s -> exclude == null || !exclude.matcher(s.id()).find())
                .toList();
        if (selected.isEmpty()) {
            if (all.isEmpty()) {
                throw new IllegalArgumentException("no workloads are on the class path; build the suites (mvn package)");
            }
            List<String> patterns = new java.util.ArrayList<>();
            if (settings.include() != null) {
                patterns.add("--include '" + settings.include() + "'");
            }
            if (settings.exclude() != null) {
                patterns.add("--exclude '" + settings.exclude() + "'");
            }
            throw new IllegalArgumentException(String.join(" with ", patterns) + " selects no workload; "
                    + "'virtbench list' shows the workload ids");
        }
        return selected;
    }

    static ParamValues resolve(PlanSpec spec, String profile, Map<String, String> params) {
        try {
            return ParamValues.resolve(spec, profile, params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-p " + e.getMessage(), e);
        }
    }

    private static Pattern compile(String option, String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(option + " '" + regex + "' is not a regular expression: "
                    + e.getDescription());
        }
    }
}
