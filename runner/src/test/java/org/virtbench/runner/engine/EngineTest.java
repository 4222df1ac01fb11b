package org.virtbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Level;
import org.virtbench.plan.Phase;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.SampleStatus;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

class EngineTest {
    @TempDir
    Path dir;

    private final Events events = new Events();

    @Test
    void runsTheLifecycleInOrderWithThePeerFirstUpAndLastDown() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("order", events).repeat(2, 1).peer().script((g, t) -> 1.0);
        new EngineHarness(dir).backend(new FakeBackend("host", events)).run(plan);

        List<String> lifecycle = events.matching(e -> !e.startsWith("instantiate"));
        assertEquals(List.of(
                "provision host n=1",
                "setupPeer peer",
                "setup PROVISIONING g0",
                "setup TRIAL g0 t0", "measure g0 t0", "teardown TRIAL g0 t0",
                "setup TRIAL g0 t1", "measure g0 t1", "teardown TRIAL g0 t1",
                "teardown PROVISIONING g0",
                "teardownPeer peer",
                "close host n=1"), lifecycle);
        assertEquals(1, events.matching(e -> e.startsWith("instantiate")).size(), "one instance per guest");
    }

    @Test
    void createsOneInstancePerGuestAndReleasesThemTogether() throws Exception {
        // Each measure waits until all three are measuring at once: run one after another, they would
        // never meet and the barrier would break.
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(3);
        ScriptedPlan plan = ScriptedPlan.builder("together", events).repeat(1, 0).scales(3).script((g, t) -> {
            together.await(30, java.util.concurrent.TimeUnit.SECONDS);
            return 1.0;
        });
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        harness.run(plan);

        assertEquals(3, events.matching(e -> e.startsWith("instantiate")).size());
        JournalEntry.TrialWindow window = harness.journal(JournalEntry.TrialWindow.class).get(0);
        assertEquals(3, window.measuredGuests());
        assertTrue(window.commonWindowNanos() > 0, "the three measurements overlapped");
        assertEquals(3, harness.journal(JournalEntry.Sample.class).stream().filter(s -> s.outcome().status() == SampleStatus.OK).count());
    }

    @Test
    void discardsTheFirstTrialAndSummarizesTheMedianOfTheRest() throws Exception {
        double[] values = {100, 5, 1, 3};
        ScriptedPlan plan = ScriptedPlan.builder("median", events).script((g, t) -> values[t]);
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events))
                .backend(new FakeBackend("slow", events));
        harness.run(plan);

        List<JournalEntry.Sample> samples = harness.journal(JournalEntry.Sample.class);
        assertEquals(8, samples.size());
        assertTrue(samples.get(0).discarded());
        assertTrue(samples.stream().filter(s -> s.trial() > 0).noneMatch(JournalEntry.Sample::discarded));
        ResultsDocument.CellResult host = harness.results(plan).cells().get(0);
        assertEquals("host", host.cell().backend());
        assertEquals(3.0, host.figures().summary().median());
        assertEquals(1.0, host.figures().summary().min());
        assertEquals(5.0, host.figures().summary().max());
        assertEquals(3, host.figures().summary().count());
        assertEquals(1.0, host.figures().relative().value(), 1e-12);
    }

    @Test
    void aFailingGuestFailsOnlyItsOwnSamples() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("one-fails", events).repeat(3, 1).scales(3).script((g, t) -> {
            if (g == 1) {
                throw new IllegalStateException("guest one is broken");
            }
            return 2.0;
        });
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        harness.run(plan);

        List<JournalEntry.Sample> samples = harness.journal(JournalEntry.Sample.class);
        assertEquals(9, samples.size());
        for (JournalEntry.Sample s : samples) {
            if (s.guest() == 1) {
                assertEquals(SampleStatus.FAILED, s.outcome().status());
                assertTrue(s.outcome().reason().contains("measure failed in host-1: guest one is broken"), s.outcome().reason());
                assertNotNull(s.outcome().raw(), "the stack trace is kept for a failed sample");
            } else {
                assertEquals(SampleStatus.OK, s.outcome().status());
                assertEquals(2.0, s.outcome().value());
            }
        }
        JournalEntry.CellFinished end = harness.journal(JournalEntry.CellFinished.class).get(0);
        assertEquals(CellStatus.COMPLETED, end.status());
        assertTrue(end.reason().startsWith("3 sample(s) failed"), end.reason());
        assertEquals(3, events.count("teardown PROVISIONING g1") + events.count("teardown PROVISIONING g0")
                + events.count("teardown PROVISIONING g2"));
    }

    @Test
    void aPhaseThatTimesOutFailsItsGuestAndTheCampaignGoesOn() throws Exception {
        ScriptedPlan slow = ScriptedPlan.builder("times-out", events).repeat(3, 0).scales(2)
                .timeout(Phase.MEASURE, 1).script((g, t) -> {
                    if (g == 0 && t == 1) {
                        Thread.sleep(30_000);
                    }
                    return 1.0;
                });
        ScriptedPlan next = ScriptedPlan.builder("after", events).repeat(1, 0).script((g, t) -> 7.0);
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        long start = System.nanoTime();
        CampaignOutcome outcome = harness.run(slow, next);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the stuck measure was cut off");

        List<JournalEntry.Sample> guest0 = harness.journal(JournalEntry.Sample.class).stream()
                .filter(s -> s.workload().equals("times-out") && s.guest() == 0).toList();
        assertEquals(SampleStatus.OK, guest0.get(0).outcome().status());
        assertEquals(SampleStatus.FAILED, guest0.get(1).outcome().status());
        assertTrue(guest0.get(1).outcome().reason().contains("measure timed out after 1 s in host-0"), guest0.get(1).outcome().reason());
        assertEquals(SampleStatus.FAILED, guest0.get(2).outcome().status());
        assertTrue(guest0.get(2).outcome().reason().startsWith("skipped:"), guest0.get(2).outcome().reason());
        assertEquals(0, events.count("measure g0 t2"), "a timed-out guest is left alone");
        assertEquals(1, events.count("measure g1 t2"), "the other guest goes on");
        assertEquals(2, outcome.run());
        assertEquals(7.0, harness.journal(JournalEntry.Sample.class).stream()
                .filter(s -> s.workload().equals("after")).findFirst().orElseThrow().outcome().value());
    }

    @Test
    void aMissingToolFailsTheCellWithThePackageToInstallAndTheCampaignGoesOn() throws Exception {
        ScriptedPlan needsBzip2 = ScriptedPlan.builder("needs-bzip2", events).requires("bzip2", "bzip2")
                .script((g, t) -> 1.0);
        ScriptedPlan needsNothing = ScriptedPlan.builder("needs-nothing", events).script((g, t) -> 1.0);
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events).missing("bzip2"));
        CampaignOutcome outcome = harness.run(needsBzip2, needsNothing);

        List<JournalEntry.CellFinished> ends = harness.journal(JournalEntry.CellFinished.class);
        assertEquals(CellStatus.FAILED, ends.get(0).status());
        assertTrue(ends.get(0).reason().contains("bzip2 not found in host-0; install it: apt-get install bzip2"),
                ends.get(0).reason());
        assertEquals(CellStatus.COMPLETED, ends.get(1).status());
        assertEquals(1, outcome.failed());
        assertEquals(0, events.matching(e -> e.startsWith("instantiate needs-bzip2")).size(), "nothing was set up");
        assertEquals(2, events.count("close host n=1"), "the failed cell's guests were released too");
    }

    @Test
    void teardownAndCloseRunEvenWhenSetupThrows() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("setup-throws", events).peer().script(new ScriptedPlan.Script() {
            @Override
            public void setup(Level level, int guest, int trial) {
                throw new IllegalStateException("cannot stage the input");
            }

            @Override
            public double measure(int guest, int trial) {
                return 1.0;
            }
        });
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        CampaignOutcome outcome = harness.run(plan);

        assertEquals(1, outcome.failed());
        assertEquals(0, events.matching(e -> e.startsWith("measure")).size());
        assertTrue(events.indexOf("teardown PROVISIONING g0") > events.indexOf("setup PROVISIONING g0"));
        assertTrue(events.indexOf("teardownPeer peer") > events.indexOf("teardown PROVISIONING g0"));
        assertTrue(events.indexOf("close host n=1") > events.indexOf("teardownPeer peer"));
        JournalEntry.CellFinished end = harness.journal(JournalEntry.CellFinished.class).get(0);
        assertEquals(CellStatus.FAILED, end.status());
        assertTrue(end.reason().contains("setup failed in host-0: cannot stage the input"), end.reason());
    }

    @Test
    void closeRunsWhenThePeerSetupThrowsAndAFailedProvisioningDoesNotStopTheCampaign() throws Exception {
        ScriptedPlan peerFails = ScriptedPlan.builder("peer-fails", events).peer().script(new ScriptedPlan.Script() {
            @Override
            public void setupPeer() {
                throw new IllegalStateException("netserver would not start");
            }

            @Override
            public double measure(int guest, int trial) {
                return 1.0;
            }
        });
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events))
                .backend(new FakeBackend("broken", events).failProvisioning());
        CampaignOutcome outcome = harness.run(peerFails);

        assertEquals(2, outcome.run());
        assertEquals(2, outcome.failed());
        assertEquals(1, events.count("teardownPeer peer"));
        assertEquals(1, events.count("close host n=1"));
        assertEquals(1, events.count("provision broken n=1"));
        List<JournalEntry.CellFinished> ends = harness.journal(JournalEntry.CellFinished.class);
        assertTrue(ends.get(0).reason().contains("netserver would not start"), ends.get(0).reason());
        assertTrue(ends.get(1).reason().contains("the fake cannot provision"), ends.get(1).reason());
    }

    @Test
    void asksEachBackendForTheMemoryOfItsPolicyAndThePeer() throws Exception {
        FakeBackend backend = new FakeBackend("host", events);
        ScriptedPlan plan = ScriptedPlan.builder("memory", events).repeat(1, 0).scales(1, 8).script((g, t) -> 1.0);
        new EngineHarness(dir).backend(backend).run(plan);

        // the default policy: Table 4's shape on the harness's 8 GiB host, min(4078 MiB, 6488 MiB / n)
        assertEquals(4078L << 20, backend.requests().get(0).memoryBytes(), "capped");
        assertEquals(811L << 20, backend.requests().get(1).memoryBytes(), "6488 MiB / 8");
        assertEquals(8, backend.requests().get(1).guests());
    }

    @Test
    void rigorousModeAddsTrialsWhileTheSpreadIsHighUpToTheCap() throws Exception {
        ScriptedPlan noisy = ScriptedPlan.builder("noisy", events).repeat(4, 1)
                .script((g, t) -> t % 2 == 0 ? 1.0 : 2.0);
        ScriptedPlan steady = ScriptedPlan.builder("steady", events).repeat(4, 1).script((g, t) -> 1.0);
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events))
                .stats(StatsMode.RIGOROUS);
        harness.run(noisy, steady);

        List<JournalEntry.CellFinished> ends = harness.journal(JournalEntry.CellFinished.class);
        assertEquals(12, ends.get(0).trialsRun(), "stopped at 3x the planned 4");
        assertTrue(ends.get(0).repetition().contains("cap"), ends.get(0).repetition());
        assertEquals(4, ends.get(1).trialsRun());
        assertNull(ends.get(1).repetition());
    }

    @Test
    void rigorousModeStopsAddingOnceTheSpreadIsLow() throws Exception {
        ScriptedPlan settles = ScriptedPlan.builder("settles", events).repeat(3, 0)
                .script((g, t) -> t == 0 ? 1.07 : 1.0);
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events))
                .stats(StatsMode.RIGOROUS);
        harness.run(settles);

        JournalEntry.CellFinished end = harness.journal(JournalEntry.CellFinished.class).get(0);
        assertEquals(6, end.trialsRun(), "rsd 3.95%, 3.44%, 3.09%, then 2.82% after 6 trials");
        assertTrue(end.repetition().startsWith("added"), end.repetition());
    }

    @Test
    void journalsEachSampleBeforeTheNextTrialBegins() throws Exception {
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        ConcurrentHashMap<Integer, Integer> seenOnDisk = new ConcurrentHashMap<>();
        ScriptedPlan plan = ScriptedPlan.builder("flushes", events).repeat(3, 0).scales(2).script((g, t) -> {
            // read the file as a second process would: what is flushed is there
            long samples = java.nio.file.Files.readAllLines(harness.journalFile()).stream()
                    .filter(l -> l.contains("\"type\":\"sample\"")).count();
            seenOnDisk.put(t * 10 + g, (int) samples);
            return 1.0;
        });
        harness.run(plan);

        assertEquals(0, seenOnDisk.get(0));
        assertEquals(2, seenOnDisk.get(10), "both samples of trial 0 were on disk when trial 1 measured");
        assertEquals(4, seenOnDisk.get(21));
    }

    @Test
    void reportsProgressPerCellAndTrial() throws Exception {
        AtomicInteger trials = new AtomicInteger();
        AtomicInteger cells = new AtomicInteger();
        ScriptedPlan plan = ScriptedPlan.builder("progress", events).repeat(2, 0).scales(1, 2).script((g, t) -> 1.0);
        new EngineHarness(dir).backend(new FakeBackend("host", events)).progress(new ProgressListener() {
            @Override
            public void trialStarted(org.virtbench.runner.journal.CellKey cell, int trial, int planned) {
                trials.incrementAndGet();
            }

            @Override
            public void cellFinished(org.virtbench.runner.journal.CellKey cell, CellStatus status, String reason) {
                cells.incrementAndGet();
            }
        }).run(plan);
        assertEquals(4, trials.get());
        assertEquals(2, cells.get());
    }
}
