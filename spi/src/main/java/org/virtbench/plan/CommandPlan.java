package org.virtbench.plan;

import java.util.List;
import org.virtbench.annotations.Level;
import org.virtbench.guest.Command;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;

/**
 * A hand-written plan that times one command in each guest's work directory: what a generated plan
 * does for a workload whose {@code @Measure} is one {@code guest.time(...)}, without annotations.
 * For the harness's own benchmarks and the runner's tests, which need a workload of known cost
 * (a {@code sleep}, a {@code true}) that no suite declares.
 */
public abstract class CommandPlan implements ExecutionPlan {
    private final PlanSpec spec;
    private final List<String> argv;

    /**
     * @param spec the plan's description; its unit is the measurement's
     * @param argv the command, run in the guest's work directory
     */
    protected CommandPlan(PlanSpec spec, List<String> argv) {
        this.spec = spec;
        this.argv = List.copyOf(argv);
    }

    @Override
    public final PlanSpec spec() {
        return spec;
    }

    /** What to do in a guest after each trial, untimed; nothing unless a subclass says so. */
    protected void afterTrial(Guest guest) {
    }

    @Override
    public WorkloadInstance instantiate(ParamValues values) {
        return new WorkloadInstance() {
            @Override
            public void setup(Level level, Guest guest, PeerHost peer) {
            }

            @Override
            public Measurement measure(Guest guest, PeerHost peer) {
                return guest.time(Command.of(argv).withWorkingDirectory(guest.workDir()), spec.unit());
            }

            @Override
            public void teardown(Level level, Guest guest, PeerHost peer) {
                if (level == Level.TRIAL) {
                    afterTrial(guest);
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
