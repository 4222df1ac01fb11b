package org.virtbench.runner.budget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.virtbench.runner.engine.CellPlan;
import org.virtbench.runner.journal.CellKey;

/**
 * Estimates what a cell costs in wall time before it runs. The same cell measured on this machine
 * before (an earlier campaign's journal) gives its duration, scaled to the planned trials. Else the
 * workload's declared cost ({@link DeclaredCosts}) is stretched: its work by the backend's slowdown
 * ({@link Slowdown}) and by contention when the n guests outnumber the host's cores, its fixed wall
 * time (a run of a given length) not at all; plus bringing the guests up. A workload virtbench
 * knows nothing of is assumed to take {@link #ASSUMED_TRIAL} a trial, and says so.
 */
public final class CostModel {
    /** The trial time assumed for a workload with neither a measured nor a declared cost. */
    public static final Duration ASSUMED_TRIAL = Duration.ofSeconds(30);

    private final String profile;
    private final Map<String, Slowdown> backends;
    private final DeclaredCosts declared;
    private final History history;
    private final int cores;

    private CostModel(String profile, Map<String, Slowdown> backends, DeclaredCosts declared, History history,
                      int cores) {
        this.profile = profile;
        this.backends = Map.copyOf(backends);
        this.declared = declared;
        this.history = history;
        this.cores = Math.max(1, cores);
    }

    /**
     * The model of a campaign on this machine.
     *
     * @param profile      the campaign's profile ({@code quick}, {@code paper})
     * @param technologies each backend id of the campaign and its {@code Backend.technology()}
     * @param resultsRoot  where earlier campaigns' folders are, for their measured cells
     */
    public static CostModel forCampaign(String profile, Map<String, String> technologies, Path resultsRoot) {
        return new CostModel(profile, slowdowns(technologies), DeclaredCosts.builtIn(), History.under(resultsRoot),
                Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #forCampaign}, without earlier measurements and with a given core count: for tests. */
    static CostModel declaredOnly(String profile, Map<String, String> technologies, int cores) {
        return new CostModel(profile, slowdowns(technologies), DeclaredCosts.builtIn(), History.none(), cores);
    }

    CostModel withHistory(History measured) {
        return new CostModel(profile, backends, declared, measured, cores);
    }

    private static Map<String, Slowdown> slowdowns(Map<String, String> technologies) {
        Map<String, Slowdown> kinds = new java.util.HashMap<>();
        technologies.forEach((id, technology) -> kinds.put(id, Slowdown.of(technology)));
        return kinds;
    }

    /** The cell's estimated cost. */
    public CellEstimate estimate(CellPlan plan) {
        CellKey cell = plan.cell();
        int trials = plan.repeat();
        Optional<History.Run> measured = history.last(cell, plan.params().asMap());
        if (measured.isPresent() && !plan.mixed()) {
            History.Run run = measured.get();
            long nanos = Math.round(run.took().toNanos() * (double) trials / run.trials());
            return new CellEstimate(cell, Duration.ofNanos(nanos), trials, CellEstimate.Source.MEASURED);
        }
        Slowdown kind = backends.getOrDefault(cell.backend(), Slowdown.OTHER);
        double contention = Math.max(1.0, (double) cell.guests() / cores);
        double seconds = kind.bootSeconds(cell.guests());
        CellEstimate.Source source = CellEstimate.Source.DECLARED;
        for (CellPlan.GuestGroup group : plan.groups()) {
            Optional<DeclaredCosts.Cost> cost = declared.of(group.spec().id(), profile);
            if (cost.isEmpty()) {
                source = CellEstimate.Source.ASSUMED;
                seconds = Math.max(seconds, kind.bootSeconds(cell.guests()) + trials * ASSUMED_TRIAL.toSeconds()
                        * kind.factor * contention);
                continue;
            }
            DeclaredCosts.Cost c = cost.get();
            double work = kind.factor * contention;
            // groups of a mixed cell run at once: the cell lasts as long as its longest group
            double groupSeconds = c.setupSeconds() * work + trials * (c.workSeconds() * work + c.fixedSeconds());
            seconds = Math.max(seconds, kind.bootSeconds(cell.guests()) + groupSeconds);
        }
        return new CellEstimate(cell, Duration.ofMillis(Math.round(seconds * 1000)), trials, source);
    }
}
