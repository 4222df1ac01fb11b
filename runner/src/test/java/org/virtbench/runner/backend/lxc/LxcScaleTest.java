package org.virtbench.runner.backend.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.Command;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;
import org.virtbench.plan.WorkloadInstance;
import org.virtbench.runner.image.ImageCache;
import org.virtbench.runner.image.TestImages;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.SampleStatus;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.start.SpanSource;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.ProcessGuest;

/**
 * The scale runs on real LXC guests through the campaign engine: four guests released together by
 * the start gate, one of them killed mid-trial, and guests that do not fit in their memory. Needs
 * root, lxc and the test image (built once, as for {@link LxcBackendTest}).
 */
class LxcScaleTest {
    private static final int GUESTS = 4;
    /** The guest killed with lxc-stop -k during this trial. */
    private static final int KILLED_TRIAL = 1;
    private static final int VICTIM = 2;

    @TempDir
    Path dir;

    private static LxcBackend backend;

    @BeforeAll
    static void imageAndProbe() {
        TestImages.ensure();
        backend = new LxcBackend("", ImageCache.user());
        assertTrue(backend.probe().available(), "the lxc backend cannot run here: " + backend.probe().reason());
    }

    @Test
    void fourGuestsStartTogetherAndAGuestKilledMidTrialLeavesThreeContributing() throws Exception {
        CommandPlan plan = new CommandPlan("lxc-scale", List.of(GUESTS), (guest, trial) -> {
            if (trial == KILLED_TRIAL && guest.index() == VICTIM) {
                killLater((ProcessGuest) guest, Duration.ofMillis(600));
            }
            return guest.time(Command.of("sleep", "1.5"), Unit.SECONDS);
        });
        EngineHarness harness = new EngineHarness(dir).backend(backend).trials(3, 0).memory("paper");
        harness.run(plan);

        JournalEntry.CellFinished end = harness.journal(JournalEntry.CellFinished.class).get(0);
        assertEquals(CellStatus.COMPLETED, end.status(), end.reason());
        JournalEntry.CellStarted start = harness.journal(JournalEntry.CellStarted.class).get(0);
        assertEquals(811L << 20, start.memoryPerGuestBytes(), "Table 4 at n = 4");
        assertEquals("paper: min(2039 MiB, 3244 MiB / n)", start.memoryPolicy());

        List<JournalEntry.TrialWindow> windows = harness.journal(JournalEntry.TrialWindow.class);
        assertEquals(3, windows.size());
        JournalEntry.TrialWindow first = windows.get(0);
        assertEquals(GUESTS, first.measuredGuests());
        assertEquals(GUESTS, first.gatedGuests(), "the start gate released every measured command");
        // order, not speed (how far apart guests start is the skew benchmark's figure): the four ran at
        // once, and the flag says what the figures say
        assertEquals(first.startSkewNanos() > JournalEntry.TrialWindow.SKEW_LIMIT * first.shortestNanos(), first.skewFlagged(),
                first.toString());
        assertNotNull(first.releaseSkewNanos());
        assertTrue(first.shortestNanos() >= 1_500_000_000L - 1_000L, "a sleep of 1.5 s cannot end sooner (stamps count us): " + first.shortestNanos());
        assertTrue(first.commonWindowNanos() > 0, "the four ran together: " + first.commonWindowNanos());
        System.out.printf("lxc n=4: start skew %.3f ms, release skew %.3f ms, common window %.1f ms%n",
                first.startSkewNanos() / 1e6, first.releaseSkewNanos() / 1e6, first.commonWindowNanos() / 1e6);

        // the trial of the kill: its guest's sample failed, the three others contributed
        assertEquals(GUESTS - 1, windows.get(KILLED_TRIAL).measuredGuests());
        List<JournalEntry.Sample> samples = harness.journal(JournalEntry.Sample.class);
        JournalEntry.Sample killed = samples.stream()
                .filter(s -> s.trial() == KILLED_TRIAL && s.guest() == VICTIM).findFirst().orElseThrow();
        assertEquals(SampleStatus.FAILED, killed.outcome().status());
        assertNotNull(killed.outcome().reason());
        assertTrue(samples.stream().filter(s -> s.trial() == KILLED_TRIAL && s.guest() != VICTIM)
                .allMatch(s -> s.outcome().status() == SampleStatus.OK && s.span().source() == SpanSource.GATE_GUEST_STAMPS));

        ResultsDocument.CellResult cell = harness.results(plan).cells().get(0);
        ResultsDocument.ScaleTrial trial = cell.scale().detail().trials().get(KILLED_TRIAL);
        assertEquals(GUESTS - 1, trial.contributingGuests());
        assertEquals(List.of(VICTIM), trial.failedGuests());
        assertEquals(3 * 1.5, trial.aggregate(), 0.3, "a time aggregates as the total of the contributing guests");
        assertEquals(GUESTS, cell.scale().detail().trials().get(0).contributingGuests());
        assertEquals(GUESTS - 1, cell.scale().detail().contributingGuests(), "the fewest of a kept trial");
        assertTrue(end.reason().contains("sample(s) failed"), end.reason());
    }

    @Test
    void guestsThatRunOutOfTheirMemoryDoNotFit() throws Exception {
        CommandPlan plan = new CommandPlan("lxc-greedy", List.of(2),
                // tail buffers an endless line until the kernel's OOM killer stops it
                (guest, trial) -> guest.time(Command.of("tail", "/dev/zero").withTimeout(Duration.ofSeconds(60)),
                        Unit.SECONDS));
        EngineHarness harness = new EngineHarness(dir).backend(backend).trials(1, 0).memory("total=128MiB");
        harness.run(plan);

        JournalEntry.CellFinished end = harness.journal(JournalEntry.CellFinished.class).get(0);
        assertEquals(CellStatus.DOES_NOT_FIT, end.status(), end.reason());
        assertTrue(end.reason().contains("do not fit in 64 MiB each"), end.reason());
        assertTrue(harness.journal(JournalEntry.Sample.class).stream()
                .allMatch(s -> s.outcome().reason() != null && s.outcome().reason().contains("ran out of its memory of 64 MiB")));
        assertEquals(ResultsDocument.Status.DOES_NOT_FIT, harness.results(plan).cells().get(0).outcome().status());
    }

    /** Kills the guest's container from the host after {@code delay}, as a crash of the guest would. */
    private static void killLater(ProcessGuest guest, Duration delay) {
        List<String> prefix = guest.prefix();
        String lxcpath = prefix.get(prefix.indexOf("-P") + 1);
        CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            HostCommands.run("lxc-stop", "-P", lxcpath, "-n", guest.name(), "-k");
        });
    }

    /** What a guest measures in one trial. */
    @FunctionalInterface
    interface Body {
        Measurement measure(Guest guest, int trial);
    }

    /** A plan whose measure is a lambda, counting trials per instance. */
    static final class CommandPlan implements ExecutionPlan {
        private final PlanSpec spec;
        private final Body body;

        CommandPlan(String id, List<Integer> scales, Body body) {
            this.spec = new PlanSpec(id, "test." + id, CommandPlan.class.getName(), "a test workload", Unit.SECONDS, 3,
                    0, scales, List.of(), new Requirements(List.of("bzip2"), List.of("sleep", "tail")), false, Map.of());
            this.body = body;
        }

        @Override
        public PlanSpec spec() {
            return spec;
        }

        @Override
        public WorkloadInstance instantiate(ParamValues values) {
            return new WorkloadInstance() {
                private int trial = -1;

                @Override
                public void setup(Level level, Guest guest, PeerHost peer) {
                    if (level == Level.TRIAL) {
                        trial++;
                    }
                }

                @Override
                public Measurement measure(Guest guest, PeerHost peer) {
                    return body.measure(guest, trial);
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
