package org.virtbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.cleanup.ProcessScope;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

/** The engine owns what backends create: a scope bound around provisioning, emptied when the campaign ends. */
class CleanupOwnershipTest {
    @TempDir
    Path dir;

    private final Events events = new Events();

    @Test
    void whatABackendRegistersWhileProvisioningBelongsToTheCampaignAndIsReleasedByItsEnd() throws Exception {
        int before = ProcessScope.root().size();
        List<CleanupScope> seen = new ArrayList<>();
        FakeBackend registering = new FakeBackend("host", events).whileProvisioning(() -> {
            CleanupScope scope = CleanupScope.current();
            seen.add(scope);
            // a resource the backend forgets to release: the campaign's end releases it
            scope.register("leftover", () -> events.add("leftover released"));
        });
        ScriptedPlan plan = ScriptedPlan.builder("owned", events).repeat(1, 0).script((g, t) -> 1.0);
        new EngineHarness(dir).backend(registering).run(plan);

        assertEquals(1, seen.size());
        assertNotSame(ProcessScope.root(), seen.get(0), "provisioning ran inside the campaign's own scope");
        List<String> ends = events.matching(e -> e.startsWith("close") || e.startsWith("leftover"));
        assertEquals(List.of("close host n=1", "leftover released"), ends,
                "the cell released its provisioning, the campaign's end what was left");
        assertEquals(before, ProcessScope.root().size(), "the campaign left nothing registered in the process");
    }
}
