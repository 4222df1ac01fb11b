package org.virtbench.runner.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.virtbench.annotations.Unit;
import org.virtbench.plan.CommandPlan;
import org.virtbench.plan.ParamSpec;
import org.virtbench.plan.PlanIndex;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;

/**
 * Hand-written plans that time real commands on real guests ({@link CommandPlan}), loadable by class
 * name from a plan index (public, no-argument constructors), for the CLI tests.
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
                    new Requirements(List.of("coreutils"), List.of("true")), false, Map.of()), List.of("true"));
        }
    }

    /** {@code sleep 0.3}, timed: 3 trials (1 discarded) at n = 1 and 2, slow enough to be killed mid-way. */
    public static final class SlowPlan extends CommandPlan {
        public SlowPlan() {
            super(new PlanSpec("slow-test", "test.Slow", SlowPlan.class.getName(), "sleeps", Unit.SECONDS, 3, 1,
                    List.of(1, 2), List.of(), new Requirements(List.of("coreutils"), List.of("sleep")), false,
                    Map.of()), List.of("sleep", "0.3"));
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
}
