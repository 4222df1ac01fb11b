package org.virtbench.runner.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

class InterleavingTest {
    @TempDir
    Path dir;

    private final Events events = new Events();
    /** Which guest measured, in the order they measured: {@code host-0 t0}. */
    private final List<String> measured = Collections.synchronizedList(new ArrayList<>());

    private ScriptedPlan plan(int repeat) {
        return ScriptedPlan.builder("rounds", events).repeat(repeat, 1).script(new ScriptedPlan.Script() {
            @Override
            public double measure(int guest, int trial) {
                return 1.0;
            }

            @Override
            public double measureOn(org.virtbench.guest.Guest guest, int trial) {
                measured.add(guest.name() + " t" + trial);
                return 1.0;
            }
        });
    }

    private EngineHarness harness(String order, String memory) {
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events))
                .backend(new FakeBackend("lxc", events)).backend(new FakeBackend("qemu", events)).order(order);
        return memory == null ? harness : harness.memory(memory);
    }

    @Test
    void interleavedTrialsRotateAcrossTheBackendsWithTheGuestsKeptWhereTheyFit() throws Exception {
        EngineHarness harness = harness("interleaved", "total=1GiB");
        CampaignOutcome outcome = harness.run(plan(3));

        assertEquals(List.of("host-0 t0", "lxc-0 t0", "qemu-0 t0", "host-0 t1", "lxc-0 t1", "qemu-0 t1",
                "host-0 t2", "lxc-0 t2", "qemu-0 t2"), measured);
        assertEquals(List.of("provision host n=1", "provision lxc n=1", "provision qemu n=1",
                        "close qemu n=1", "close lxc n=1", "close host n=1"),
                events.matching(e -> e.startsWith("provision") || e.startsWith("close")),
                "3 x 1 GiB fit in the 8 GiB host: every backend's guest stays up across the rounds");
        JournalEntry.RoundsPlanned rounds = harness.journal(JournalEntry.RoundsPlanned.class).get(0);
        assertTrue(rounds.together(), rounds.reason());
        assertEquals(List.of("host", "lxc", "qemu"), rounds.backends());
        assertEquals("interleaved", harness.journal(JournalEntry.CampaignStarted.class).get(0).order());
        assertEquals(3, outcome.run());
        assertTrue(harness.journal(JournalEntry.CellFinished.class).stream()
                .allMatch(f -> f.status() == CellStatus.COMPLETED && f.trialsRun() == 3));
    }

    @Test
    void guestsThatDoNotFitTogetherAreProvisionedOneBackendAtATimeEachRound() throws Exception {
        EngineHarness harness = harness("interleaved", "total=6GiB");
        harness.run(plan(2));

        // fresh guests each round, so the workload's own trial count starts again; the journal's goes on
        assertEquals(List.of("host-0 t0", "lxc-0 t0", "qemu-0 t0", "host-0 t0", "lxc-0 t0", "qemu-0 t0"), measured);
        assertEquals(List.of("host 0", "lxc 0", "qemu 0", "host 1", "lxc 1", "qemu 1"),
                harness.journal(JournalEntry.Sample.class).stream().map(x -> x.backend() + " " + x.trial()).toList());
        assertEquals(List.of("provision host n=1", "close host n=1", "provision lxc n=1", "close lxc n=1",
                        "provision qemu n=1", "close qemu n=1", "provision host n=1", "close host n=1",
                        "provision lxc n=1", "close lxc n=1", "provision qemu n=1", "close qemu n=1"),
                events.matching(e -> e.startsWith("provision") || e.startsWith("close")));
        JournalEntry.RoundsPlanned rounds = harness.journal(JournalEntry.RoundsPlanned.class).get(0);
        assertFalse(rounds.together());
        assertTrue(rounds.reason().contains("18432 MiB") && rounds.reason().contains("exceeds"), rounds.reason());
        List<JournalEntry.Sample> samples = harness.journal(JournalEntry.Sample.class);
        assertEquals(6, samples.size());
        assertEquals(3, samples.stream().filter(JournalEntry.Sample::discarded).count(), "trial 0 of each cell");
    }

    @Test
    void sequentialRunsEveryTrialOfACellBeforeTheNextBackend() throws Exception {
        EngineHarness harness = harness("sequential", "total=1GiB");
        harness.run(plan(2));

        assertEquals(List.of("host-0 t0", "host-0 t1", "lxc-0 t0", "lxc-0 t1", "qemu-0 t0", "qemu-0 t1"), measured);
        assertTrue(harness.journal(JournalEntry.RoundsPlanned.class).isEmpty());
        assertEquals("sequential", harness.journal(JournalEntry.CampaignStarted.class).get(0).order());
    }

    @Test
    void aRandomOrderRunsEachBackendOncePerRoundAndTheSameSeedDrawsTheSameRounds() throws Exception {
        harness("random:7", "total=1GiB").run(plan(8));
        List<String> first = List.copyOf(measured);
        List<List<String>> rounds = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            List<String> round = first.subList(3 * r, 3 * r + 3);
            assertEquals(3, new HashSet<>(round).size(), "each backend once in round " + r + ": " + round);
            String trial = " t" + r;
            assertTrue(round.stream().allMatch(m -> m.endsWith(trial)), "round " + r + " runs trial " + r + ": " + round);
            rounds.add(round.stream().map(m -> m.substring(0, m.indexOf('-'))).toList());
        }
        assertNotEquals(1, new HashSet<>(rounds).size(), "the backends were shuffled: " + rounds);

        measured.clear();
        java.nio.file.Path other = dir.resolve("again");
        java.nio.file.Files.createDirectories(other);
        new EngineHarness(other).backend(new FakeBackend("host", events)).backend(new FakeBackend("lxc", events))
                .backend(new FakeBackend("qemu", events)).order("random:7").memory("total=1GiB").run(plan(8));
        assertEquals(first, measured, "the same seed draws the same order, as a resumed campaign needs");
    }

    @Test
    void theOrderIsKeptInTheSettingsThatResumeReads() throws Exception {
        CampaignSettings settings = harness("random:42", null).settings();
        settings.write(dir);
        assertEquals(new TrialOrder.Shuffled(42), CampaignSettings.read(dir).trialOrder());
        CampaignSettings old = new CampaignSettings(List.of("host"), null, null, "paper", java.util.Map.of(), null,
                null, List.of(), org.virtbench.runner.stats.StatsMode.PAPER, 0.03, List.of("x"), "now");
        assertEquals(new TrialOrder.Sequential(), old.trialOrder(), "settings from before --order ran sequentially");
    }

    @Test
    void aBadOrderIsRejectedWithTheFormsItTakes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> harness("zigzag", null).cells(plan(2)));
        assertTrue(e.getMessage().startsWith("--order 'zigzag' is not an order; give interleaved, sequential or "
                + "random:SEED"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrialOrder.parse("random:x"));
    }

    @Test
    void aBackendThatCannotProvisionFailsAloneAndTheOthersStillAlternate() throws Exception {
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events))
                .backend(new FakeBackend("lxc", events).failProvisioning()).backend(new FakeBackend("qemu", events))
                .order("interleaved").memory("total=1GiB");
        CampaignOutcome outcome = harness.run(plan(2));

        assertEquals(List.of("host-0 t0", "qemu-0 t0", "host-0 t1", "qemu-0 t1"), measured);
        assertEquals(1, outcome.failed());
        JournalEntry.CellFinished lxc = harness.journal(JournalEntry.CellFinished.class).stream()
                .filter(f -> f.backend().equals("lxc")).findFirst().orElseThrow();
        assertEquals(CellStatus.FAILED, lxc.status());
        assertTrue(lxc.reason().contains("the fake cannot provision"), lxc.reason());
    }

    @Test
    void theCellsOfOneNAreNextToEachOtherWhenTrialsGoInRounds() {
        ScriptedPlan scaled = ScriptedPlan.builder("scaled", events).scales(1, 2).script((g, t) -> 1.0);
        List<String> keys = harness("interleaved", null).cells(scaled).stream()
                .map(c -> c.cell().backend() + c.cell().guests()).toList();
        assertEquals(List.of("host1", "lxc1", "qemu1", "host2", "lxc2", "qemu2"), keys);
    }
}
