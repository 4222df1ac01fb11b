package org.virtbench.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.plan.CommandPlan;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;

/** A timed {@code sleep} in the guest's work directory: nearly no work, so the skew is the framework's. */
final class SleepPlan extends CommandPlan {
    private final String seconds;
    private final boolean alsoUngated;
    private final List<Double> ungated = new CopyOnWriteArrayList<>();
    private final List<Double> ungatedGuestClock = new CopyOnWriteArrayList<>();

    /**
     * @param alsoUngated after each trial, time the same sleep once more in each guest without the
     *                    start gate (the transport's start to its exit seen), as it was timed before
     *                    every backend was gated; see {@link #ungated()}
     */
    SleepPlan(String seconds, boolean alsoUngated) {
        super(new PlanSpec("skew-sleep", SleepPlan.class.getName(), SleepPlan.class.getName(),
                "a timed sleep, for the start skew", Unit.SECONDS, 5, 0, List.of(1), List.of(),
                new Requirements(List.of("coreutils"), List.of("sleep")), false, Map.of()), List.of("sleep", seconds));
        this.seconds = seconds;
        this.alsoUngated = alsoUngated;
    }

    /** The ungated timings taken so far, in seconds. */
    List<Double> ungated() {
        return List.copyOf(ungated);
    }

    /** The same ungated sleeps on the guest's own clock, in seconds, where the transport read it. */
    List<Double> ungatedGuestClock() {
        return List.copyOf(ungatedGuestClock);
    }

    @Override
    protected void afterTrial(Guest guest) {
        if (alsoUngated) {
            CommandResult r = guest.run(Command.of("sleep", seconds)).requireSuccess();
            ungated.add((r.hostEndNanos() - r.hostStartNanos()) / 1e9);
            r.guestElapsedNanos().ifPresent(g -> ungatedGuestClock.add(g / 1e9));
        }
    }
}
