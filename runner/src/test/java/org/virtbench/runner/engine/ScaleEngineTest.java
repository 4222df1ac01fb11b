package org.virtbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Unit;
import org.virtbench.runner.backend.host.HostBackend;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.start.GateOpening;
import org.virtbench.runner.start.SpanSource;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.HostPlans;
import org.virtbench.runner.testing.ScriptedPlan;

/** n guests at once: memory policy, aggregation per trial, failures, and the start gate on the host. */
class ScaleEngineTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    private final Events events = new Events();

    @Test
    void theCommandLinePolicyWinsOverTheWorkloadsWhichWinsOverTheDefault() throws Exception {
        ScriptedPlan own = ScriptedPlan.builder("own", events).repeat(1, 0).scales(1, 4).memory("paper")
                .script((g, t) -> 1.0);
        ScriptedPlan plain = ScriptedPlan.builder("plain", events).repeat(1, 0).scales(4).script((g, t) -> 1.0);
        FakeBackend backend = new FakeBackend("host", events);
        EngineHarness harness = new EngineHarness(dir).backend(backend);
        harness.run(own, plain);
        assertEquals(List.of(2039 * MIB, 811 * MIB, 1622 * MIB),
                backend.requests().stream().map(r -> r.memoryBytes()).toList(),
                "own: Table 4 at n = 1 and 4; plain: the default on the harness's 8 GiB host, 6488 MiB / 4");
        List<JournalEntry.CellStarted> starts = harness.journal(JournalEntry.CellStarted.class);
        assertEquals("paper: min(2039 MiB, 3244 MiB / n)", starts.get(0).memoryPolicy());
        assertEquals("default: min(4078 MiB, 6488 MiB / n)", starts.get(2).memoryPolicy());
        assertEquals("default: min(4078 MiB, 6488 MiB / n)", harness.results(own, plain).cells().get(2).provisioned().memoryPolicy());

        FakeBackend other = new FakeBackend("host", events);
        java.nio.file.Files.createDirectories(dir.resolve("cli"));
        new EngineHarness(dir.resolve("cli")).backend(other).memory("total=1GiB,cap=300MiB").run(own, plain);
        assertEquals(List.of(300 * MIB, 256 * MIB, 256 * MIB),
                other.requests().stream().map(r -> r.memoryBytes()).toList(), "--vm-memory overrides both");
    }

    @Test
    void theMemoryPolicyAndTheMixAreKeptForResume() throws Exception {
        CampaignSettings settings = new CampaignSettings(List.of("lxc"), null, null, "quick", java.util.Map.of(), 2, 1,
                List.of(), org.virtbench.runner.stats.StatsMode.PAPER, 0.03, List.of("virtbench", "run"), "now",
                org.virtbench.plan.MemoryPolicy.paper(), "a:2,b:2");
        settings.write(dir);
        assertTrue(java.nio.file.Files.readString(dir.resolve(CampaignSettings.FILE)).contains("\"vmMemory\" : \"paper\""),
                "text only in the file");
        assertEquals(settings, CampaignSettings.read(dir));
        // a campaign written before the two existed resumes with neither
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(dir.resolve(CampaignSettings.FILE).toFile());
        old.remove(List.of("vmMemory", "mix"));
        json.writeValue(dir.resolve(CampaignSettings.FILE).toFile(), old);
        CampaignSettings read = CampaignSettings.read(dir);
        assertNull(read.vmMemory(), old.toString());
        assertNull(read.mix());
        assertEquals(settings.backends(), read.backends());
    }

    @Test
    void aBadPolicyOnTheCommandLineIsAUsageError() {
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        RuntimeException e = assertThrows(org.virtbench.runner.campaign.InvalidOptionsException.class,
                () -> harness.memory("half"));
        assertTrue(e.getMessage().startsWith("--vm-memory 'half' is not a memory policy"), e.getMessage());
    }

    @Test
    void guestsSmallerThanTheBackendsLeastDoNotFitAndTheJournalHoldsTheSizeApplied() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("small", events).repeat(1, 0).scales(1, 4).script((g, t) -> 1.0);
        FakeBackend backend = new FakeBackend("host", events).minimumMemory(64L << 20);
        EngineHarness harness = new EngineHarness(dir).backend(backend).memory("total=200MiB,cap=100MiB");
        harness.run(plan);

        assertEquals(List.of(100L << 20), backend.requests().stream().map(r -> r.memoryBytes()).toList(),
                "n = 4 (50 MiB each) was not provisioned");
        assertEquals(100, backend.requests().get(0).memoryMebibytes(), "what the backend applies");
        List<JournalEntry.CellStarted> starts = harness.journal(JournalEntry.CellStarted.class);
        assertEquals(100L << 20, starts.get(0).memoryPerGuestBytes());
        JournalEntry.CellFinished end = harness.journal(JournalEntry.CellFinished.class).get(1);
        assertEquals(CellStatus.DOES_NOT_FIT, end.status());
        assertTrue(end.reason().contains("leaves each of 4 guests 50 MiB, less than the 64 MiB a host guest needs"),
                end.reason());
    }

    @Test
    void guestsLeftLessThanAMebibyteDoNotFitAndAreNotProvisioned() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("tiny", events).repeat(1, 0).scales(1, 32).script((g, t) -> 1.0);
        FakeBackend backend = new FakeBackend("host", events);
        EngineHarness harness = new EngineHarness(dir).backend(backend).memory("total=16MiB");
        CampaignOutcome outcome = harness.run(plan);

        assertEquals(0, outcome.failed(), "not fitting is a finding, not a failed campaign");
        assertEquals(1, backend.requests().size(), "n = 32 was not provisioned");
        JournalEntry.CellFinished end = harness.journal(JournalEntry.CellFinished.class).get(1);
        assertEquals(CellStatus.DOES_NOT_FIT, end.status());
        assertTrue(end.reason().contains("leaves each of 32 guests 0 MiB, less than the 1 MiB"), end.reason());
        assertEquals(ResultsDocument.Status.DOES_NOT_FIT, harness.results(plan).cells().get(1).outcome().status());
    }

    @Test
    void guestsThatAllRanOutOfMemoryDoNotFit() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("greedy", events).repeat(1, 0).scales(2).script((g, t) -> {
            throw new IllegalStateException("killed");
        });
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events).outOfMemory(0, 1));
        harness.run(plan);
        JournalEntry.CellFinished end = harness.journal(JournalEntry.CellFinished.class).get(0);
        assertEquals(CellStatus.DOES_NOT_FIT, end.status());
        assertTrue(end.reason().startsWith("the guests do not fit in 3244 MiB each (default: "), end.reason());
        assertTrue(harness.journal(JournalEntry.Sample.class).get(0).outcome().reason()
                .endsWith("(host-0 ran out of its memory of 3244 MiB: oom_kill 1 in the fake's cgroup)"));

        // one guest of two out of memory, the other failing otherwise: failed, with the memory named
        ScriptedPlan mixed = ScriptedPlan.builder("half-greedy", events).repeat(1, 0).scales(2).script((g, t) -> {
            throw new IllegalStateException("broken");
        });
        java.nio.file.Files.createDirectories(dir.resolve("b"));
        EngineHarness other = new EngineHarness(dir.resolve("b")).backend(new FakeBackend("host", events)
                .outOfMemory(1));
        other.run(mixed);
        assertEquals(CellStatus.FAILED, other.journal(JournalEntry.CellFinished.class).get(0).status());
    }

    @Test
    void aggregatesEachTrialOverItsContributingGuestsAndTakesTheMedianOverTrials() throws Exception {
        // throughput: guest g gives 10 (g + 1) in trial t, times t + 1; guest 3 fails in trial 2
        ScriptedPlan plan = ScriptedPlan.builder("tput", events).unit(Unit.MB_PER_SECOND).repeat(4, 1).scales(4)
                .script((g, t) -> {
                    if (g == 3 && t == 2) {
                        throw new IllegalStateException("guest 3 died");
                    }
                    return 10.0 * (g + 1) * (t + 1);
                });
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        harness.run(plan);
        ResultsDocument.CellResult cell = harness.results(plan).cells().get(0);
        ResultsDocument.ScaleResult scale = cell.scale().detail();

        assertEquals(4, scale.trials().size());
        assertTrue(scale.trials().get(0).discarded());
        ResultsDocument.ScaleTrial t1 = scale.trials().get(1);
        assertEquals(4, t1.contributingGuests());
        assertEquals(200.0, t1.aggregate(), 1e-9, "mean 50 x 4 guests");
        assertEquals(50.0, t1.perGuestMean(), 1e-9);
        // Jain: (20+40+60+80)^2 / (4 (400+1600+3600+6400)) = 40000 / 48000
        assertEquals(40000.0 / 48000.0, t1.jainFairness(), 1e-12);
        assertEquals(Math.sqrt(500) / 50, t1.coefficientOfVariation(), 1e-12, "population standard deviation / mean");
        ResultsDocument.ScaleTrial t2 = scale.trials().get(2);
        assertEquals(3, t2.contributingGuests());
        assertEquals(List.of(3), t2.failedGuests());
        assertEquals(30 + 60 + 90, t2.aggregate(), 1e-9, "the mean of the three contributing guests x 3");
        assertEquals(400.0, scale.trials().get(3).aggregate(), 1e-9);
        assertEquals(3, scale.keptTrials());
        assertEquals(200.0, scale.aggregate(), 1e-9, "the median of 200, 180 and 400");
        assertEquals(3, scale.contributingGuests());
        assertEquals(200.0, cell.scale().aggregate().aggregate(), 1e-9, "scale holds the medians");
        assertEquals(3, cell.scale().aggregate().guests());
        assertNotNull(scale.maxStartSkewNanos());
        assertNotNull(scale.trials().get(1).startSkewNanos());
        assertEquals(0, scale.trials().get(1).gatedGuests(), "fake guests cannot be gated: released as threads");
        // the fakes' measure calls take microseconds: any skew is more than 1% of them
        assertEquals(4, scale.flaggedTrials());
    }

    @Test
    void aTrialIsFlaggedWhenItsSkewExceedsOnePercentOfItsShortestDuration() {
        org.virtbench.runner.journal.CellKey cell = new org.virtbench.runner.journal.CellKey("w", "host", 2);
        TrialSpans close = new TrialSpans();
        // the gate opened at the common instant in the first (known to 200 ns), and in the second 300 ns
        // later (known to 100 ns) because the release reached it after the instant
        close.add(0, 1_000_000_000L, true, 0L, new GateOpening(5_000_000L, 200, false));
        close.add(9_000_000L, 2_000_000_000L, true, 1_000L, new GateOpening(5_000_300L, 100, true));
        JournalEntry.TrialWindow ok = close.window(cell, 1, 0);
        assertEquals(9_000_000L, ok.startSkewNanos());
        assertEquals(1_000_000_000L - 9_000_000L, ok.commonWindowNanos());
        assertEquals(1_000_000_000L, ok.shortestNanos());
        assertEquals(300L + 100 + 200, ok.releaseSkewNanos(), "the openings' gap, widened by both uncertainties");
        assertEquals(1_000L, ok.deliverySkewNanos(), "the arrivals' spread");
        assertEquals(1, ok.lateGuests());
        assertEquals(2, ok.gatedGuests());
        assertEquals(false, ok.skewFlagged(), "9 ms of a 1 s trial");
        TrialSpans apart = new TrialSpans();
        apart.add(0, 1_000_000_000L, false, null, null);
        apart.add(11_000_000L, 2_000_000_000L, true, 5L, new GateOpening(20L, 0, false));
        JournalEntry.TrialWindow flagged = apart.window(cell, 1, 0);
        assertEquals(true, flagged.skewFlagged(), "11 ms of a 1 s trial");
        assertNull(flagged.releaseSkewNanos(), "not every guest was stamped by the gate");
        assertNull(flagged.deliverySkewNanos());
        assertNull(flagged.lateGuests());
        assertEquals(1, flagged.gatedGuests());
    }

    @Test
    void timesAggregateAsTheTotalOfTheGuests() throws Exception {
        ScriptedPlan plan = ScriptedPlan.builder("build", events).repeat(2, 1).scales(2)
                .script((g, t) -> 100.0 + g);
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events));
        harness.run(plan);
        ResultsDocument.ScaleResult scale = harness.results(plan).cells().get(0).scale().detail();
        assertEquals(201.0, scale.aggregate(), 1e-9, "Figure 12: the total time of the n builds");
        assertEquals(100.5, scale.perGuestMean(), 1e-9);
    }

    @Test
    void aMixRunsEachWorkloadInItsGuestsAtOnceAndNormalizesAgainstEachAloneAtTheSameN() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean mixing = new java.util.concurrent.atomic.AtomicBoolean();
        // alone: 30 MB/s a guest and 10 s a build; in the mix: half the throughput, twice the time
        ScriptedPlan tput = ScriptedPlan.builder("tput", events).unit(Unit.MB_PER_SECOND).repeat(3, 1)
                .script((g, t) -> mixing.get() ? 15.0 : 30.0);
        ScriptedPlan build = ScriptedPlan.builder("build", events).repeat(2, 0)
                .script((g, t) -> mixing.get() ? 20.0 : 10.0);
        FakeBackend backend = new FakeBackend("lxc", events);
        EngineHarness harness = new EngineHarness(dir).backend(backend).mix("tput:2,build:1")
                .progress(new ProgressListener() {
                    @Override
                    public void cellStarted(int index, int total, org.virtbench.runner.journal.CellKey cell) {
                        mixing.set(cell.workload().startsWith("mix:"));
                    }
                });
        assertEquals(List.of("tput @ lxc n=3", "build @ lxc n=3", "mix:tput:2,build:1 @ lxc n=3"),
                harness.cells(tput, build).stream().map(c -> c.cell().toString()).toList(),
                "the solo cells at the mix's n first, then the mix");
        harness.run(tput, build);

        assertEquals(List.of(3, 3, 3), backend.requests().stream().map(r -> r.guests()).toList());
        JournalEntry.CellStarted start = harness.journal(JournalEntry.CellStarted.class).get(2);
        assertEquals(List.of("tput", "build"), start.mix().stream().map(JournalEntry.MixPart::workload).toList());
        assertEquals(3, start.repeat(), "the largest @Repeat of the workloads");
        assertEquals(1, start.discard());
        List<JournalEntry.Sample> mixed = harness.journal(JournalEntry.Sample.class).stream()
                .filter(s -> s.workload().startsWith("mix:")).toList();
        assertEquals(9, mixed.size(), "3 guests x 3 trials");
        assertTrue(mixed.stream().allMatch(s -> s.guestWorkload().equals(s.guest() < 2 ? "tput" : "build")));
        assertTrue(mixed.stream().allMatch(s -> s.outcome().unit() == (s.guest() < 2 ? Unit.MB_PER_SECOND : Unit.SECONDS)));

        ResultsDocument.CellResult cell = harness.results(tput, build).cells().get(2);
        assertEquals(ResultsDocument.Status.COMPLETED, cell.outcome().status());
        assertNull(cell.cell().unit(), "the workloads of a mix have units of their own");
        assertNull(cell.figures().summary());
        assertNull(cell.scale().aggregate(), "values of different workloads do not add up");
        assertEquals(3, cell.scale().detail().contributingGuests());
        ResultsDocument.MixResult a = cell.scale().mix().get(0);
        assertEquals("tput", a.workload());
        assertEquals(0, a.firstGuest());
        assertEquals(2, a.guests());
        assertEquals("tput @ lxc n=3", a.soloCell());
        assertEquals(15.0, a.perGuestMedian());
        assertEquals(30.0, a.soloPerGuestMedian());
        assertEquals(0.5, a.relativeToSolo(), 1e-12, "mixed / alone for a throughput");
        assertEquals(List.of(0.5, 0.5), a.perGuest().stream().map(ResultsDocument.MixGuest::relativeToSolo).toList());
        ResultsDocument.MixResult b = cell.scale().mix().get(1);
        assertEquals(2, b.firstGuest());
        assertEquals(0.5, b.relativeToSolo(), 1e-12, "alone / mixed for a time");
        assertTrue(b.normalization().contains("build @ lxc n=3"), b.normalization());
    }

    @Test
    void aMixIsCheckedBeforeAnythingRuns() {
        ScriptedPlan a = ScriptedPlan.builder("a", events).script((g, t) -> 1.0);
        ScriptedPlan peer = ScriptedPlan.builder("p", events).peer().script((g, t) -> 1.0);
        FakeBackend backend = new FakeBackend("host", events);
        for (String[] bad : new String[][] {
            {"a:2", "needs at least two different workloads"},
            {"a:2,zz:1", "no workload 'zz'"},
            {"a:2,p:1", "p needs a @Peer host"},
            {"a:2,a:1", "names a twice"},
            {"a:two,p:1", "is not WORKLOAD:GUESTS"},
            {"a:0,p:1", "at least 1 guest"}}) {
            EngineHarness harness = new EngineHarness(dir).backend(backend).mix(bad[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> harness.cells(a, peer));
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void theStartGateReleasesHostGuestsTogetherAndTheJournalSaysSo() throws Exception {
        HostPlans.SlowPlan plan = new HostPlans.SlowPlan(); // sleep 0.3 at n = 1 and 2, 3 trials
        EngineHarness harness = new EngineHarness(dir).backend(new HostBackend(dir.resolve("host")));
        harness.run(plan);

        List<JournalEntry.TrialWindow> windows = harness.journal(JournalEntry.TrialWindow.class).stream()
                .filter(w -> w.guests() == 2).toList();
        assertEquals(3, windows.size());
        for (JournalEntry.TrialWindow w : windows) {
            assertEquals(2, w.gatedGuests());
            assertNotNull(w.releaseSkewNanos());
            assertNotNull(w.deliverySkewNanos());
            assertTrue(w.lateGuests() >= 0 && w.lateGuests() <= 2, w.toString());
            // order, not speed: how far apart guests start is the skew benchmark's figure
            assertTrue(w.shortestNanos() >= 300_000_000L - 1_000L, "a sleep of 0.3 s cannot end sooner (stamps count us): " + w.shortestNanos());
            assertTrue(w.commonWindowNanos() > 0 && w.startSkewNanos() >= 0, "the two ran at once: " + w);
        }
        assertTrue(harness.journal(JournalEntry.Sample.class).stream()
                .allMatch(s -> s.span().source() == SpanSource.GATE_GUEST_STAMPS), "every sample was gated and stamped");
        ResultsDocument.ScaleResult scale = harness.results(plan).cells().get(1).scale().detail();
        assertEquals(windows.get(2).releaseSkewNanos(), scale.trials().get(2).releaseSkewNanos());
        assertEquals(windows.get(2).deliverySkewNanos(), scale.trials().get(2).deliverySkewNanos());
        assertEquals(windows.get(2).lateGuests(), scale.trials().get(2).lateGuests());
        assertEquals(windows.stream().mapToLong(JournalEntry.TrialWindow::releaseSkewNanos).max().orElseThrow(),
                scale.maxReleaseSkewNanos());
    }
}
