package org.virtbench.runner.benchmark;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;
import org.virtbench.plan.WorkloadInstance;

/** A timed {@code sleep} in the guest's work directory: nearly no work, so the skew is the framework's. */
final class SleepPlan implements ExecutionPlan {
    private final PlanSpec spec;
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
        this.seconds = seconds;
        this.alsoUngated = alsoUngated;
        this.spec = new PlanSpec("skew-sleep", SleepPlan.class.getName(), SleepPlan.class.getName(),
                "a timed sleep, for the start skew", Unit.SECONDS, 5, 0, List.of(1), List.of(),
                new Requirements(List.of("coreutils"), List.of("sleep")), false, Map.of());
    }

    /** The ungated timings taken so far, in seconds. */
    List<Double> ungated() {
        return List.copyOf(ungated);
    }

    /**
     * The same ungated sleeps on the guest's own clock, in seconds, where the transport read it (a
     * guest with its own kernel: the exec helper's stamps around spawn and reap in the guest).
     */
    List<Double> ungatedGuestClock() {
        return List.copyOf(ungatedGuestClock);
    }

    @Override
    public PlanSpec spec() {
        return spec;
    }

    @Override
    public WorkloadInstance instantiate(ParamValues values) {
        return new WorkloadInstance() {
            @Override
            public void setup(Level level, Guest guest, PeerHost peer) {
            }

            @Override
            public Measurement measure(Guest guest, PeerHost peer) {
                return guest.time(Command.of("sleep", seconds), Unit.SECONDS);
            }

            @Override
            public void teardown(Level level, Guest guest, PeerHost peer) {
                if (alsoUngated && level == Level.TRIAL) {
                    CommandResult r = guest.run(Command.of("sleep", seconds)).requireSuccess();
                    ungated.add((r.hostEndNanos() - r.hostStartNanos()) / 1e9);
                    r.guestElapsedNanos().ifPresent(g -> ungatedGuestClock.add(g / 1e9));
                }
            }

            @Override
            public void setupPeer(Level level, PeerHost peer) {
            }

            @Override
            public void teardownPeer(Level level, PeerHost peer) {
            }
        };
    }
}
