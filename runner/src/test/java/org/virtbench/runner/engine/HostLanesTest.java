package org.virtbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.backend.Backend;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

/** Backends on different hosts run at once; backends on one host never do; every cell names its host. */
class HostLanesTest {
    @TempDir
    Path dir;

    /** A fake backend that says its guests live on {@code host}. */
    private static Backend on(String host, Backend fake) {
        return new Backend() {
            @Override
            public String id() {
                return fake.id();
            }

            @Override
            public String technology() {
                return fake.technology();
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public Probe probe() {
                return fake.probe();
            }

            @Override
            public Provisioning provision(ProvisionRequest request) {
                return fake.provision(request);
            }
        };
    }

    @Test
    void runsHostsInParallelAndOneHostsBackendsInTurn() throws Exception {
        Events events = new Events();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ScriptedPlan plan = ScriptedPlan.builder("sleepy", events).repeat(2, 1).script((g, t) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(300);
            } finally {
                running.decrementAndGet();
            }
            return 1.0;
        });
        EngineHarness harness = new EngineHarness(dir)
                .backend(new FakeBackend("host", events))
                .backend(on("xen1", new FakeBackend("ssh:a", events)))
                .backend(on("xen2", new FakeBackend("ssh:b", events)))
                .backend(on("xen2", new FakeBackend("ssh:c", events)));
        CampaignOutcome outcome = harness.run(plan);
        assertEquals(4, outcome.run());
        assertEquals(0, outcome.failed());
        assertEquals(3, most.get(), "three hosts measured at once, never the two backends of xen2");
        List<JournalEntry.CellFinished> ends = harness.journal(JournalEntry.CellFinished.class);
        assertEquals(4, ends.size());
        for (JournalEntry.CellFinished end : ends) {
            String expected = switch (end.backend()) {
                case "ssh:a" -> "xen1";
                case "ssh:b", "ssh:c" -> "xen2";
                default -> Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            };
            assertEquals(expected, end.provisioningFacts().get("host.name"), end.backend());
            assertTrue(end.guestFacts().stream().allMatch(f -> expected.equals(f.extra().get("host.name"))), end.toString());
        }
    }
}
