package org.virtbench.runner.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.Command;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.ParamSpec;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.PlanIndex;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;
import org.virtbench.plan.WorkloadInstance;

/**
 * Hand-written plans that run real commands on real guests, loadable by class name from a plan
 * index (public, no-argument constructors), for the CLI tests.
 */
public final class HostPlans {
    private HostPlans() {
    }

    /** {@code true}, timed: 4 trials, the first discarded, with an int and a size parameter. */
    public static final class TruePlan extends CommandPlan {
        public TruePlan() {
            super(new PlanSpec("true", "test.True", TruePlan.class.getName(), "times true", Unit.SECONDS, 4, 1,
                    List.of(1), List.of(
                            new ParamSpec("count", "int", List.of(), "3", Map.of("quick", "1"), "how many"),
                            new ParamSpec("input", "size", List.of(), "1MiB", Map.of(), "how big")),
                    new Requirements(List.of("coreutils"), List.of("true")), false, Map.of()), "true");
        }
    }

    /** {@code sleep 0.3}, timed: 3 trials (1 discarded) at n = 1 and 2, slow enough to be killed mid-way. */
    public static final class SlowPlan extends CommandPlan {
        public SlowPlan() {
            super(new PlanSpec("slow-test", "test.Slow", SlowPlan.class.getName(), "sleeps", Unit.SECONDS, 3, 1,
                    List.of(1, 2), List.of(), new Requirements(List.of("coreutils"), List.of("sleep")), false,
                    Map.of()), "sleep", "0.3");
        }
    }

    /** Writes a plan index holding these specs into {@code classesDir}, as the processor would. */
    public static void writeIndex(Path classesDir, PlanSpec... specs) throws IOException {
        Path file = classesDir.resolve(PlanIndex.RESOURCE);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            PlanIndex.write(new PlanIndex.Document(PlanIndex.SCHEMA_VERSION, List.of(specs)), out);
        }
    }

    /** A plan whose measure times one command in the guest's work directory. */
    abstract static class CommandPlan implements ExecutionPlan {
        private final PlanSpec spec;
        private final List<String> argv;

        CommandPlan(PlanSpec spec, String... argv) {
            this.spec = spec;
            this.argv = List.of(argv);
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
                    return guest.time(Command.of(argv).withWorkingDirectory(guest.workDir()), spec.unit());
                }

                @Override
                public void teardown(Level level, Guest guest, PeerHost peer) {
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
}
