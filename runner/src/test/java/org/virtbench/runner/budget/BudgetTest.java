package org.virtbench.runner.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.virtbench.annotations.Direction;
import org.virtbench.annotations.Unit;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.CellPlan;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.testing.HostPlans;

/** The cost model, the budget's choice of cells and the time left, on declared and measured costs. */
class BudgetTest {
    private static final Map<String, String> TECHNOLOGIES = Map.of("host", "Linux (bare metal)", "lxc", "LXC (OS-level)",
            "qemu", "QEMU (TCG)");
    private final CostModel model = CostModel.declaredOnly("quick", TECHNOLOGIES, 2);

    private static CellPlan cell(String workload, String backend, int n) {
        PlanSpec spec = new PlanSpec(workload, "test." + workload, HostPlans.TruePlan.class.getName(), workload,
                Unit.SECONDS, 4, 1, List.of(1, 2, 4), List.of(), new Requirements(List.of(), List.of()), false, Map.of());
        return new CellPlan(new CellKey(workload, backend, n), spec, new HostPlans.TruePlan(),
                ParamValues.resolve(spec, "quick", Map.of()), 4, 1, MemoryPolicy.hostScaled(), List.of());
    }

    private static CampaignSettings settings() {
        return new CampaignSettings(List.of("host", "qemu"), null, null, "quick", Map.of(), null, null, List.of(),
                StatsMode.PAPER, CampaignSettings.DEFAULT_MAX_RSD, List.of("virtbench"), Instant.now().toString(), null,
                null);
    }

    private Duration cost(String workload, String backend, int n) {
        return model.estimate(cell(workload, backend, n)).total();
    }

    @Test
    void stretchesWorkByTheBackendAndByGuestsBeyondTheCoresButNotAFixedRunLength() {
        assertEquals(CellEstimate.Source.DECLARED, model.estimate(cell("bzip2", "host", 1)).source());
        assertTrue(cost("bzip2", "qemu", 1).compareTo(cost("bzip2", "host", 1).multipliedBy(5)) > 0,
                "emulation is several times slower");
        assertTrue(cost("bzip2", "lxc", 1).compareTo(cost("bzip2", "host", 1)) > 0, "a container costs a start");
        assertEquals(cost("bzip2", "host", 1), cost("bzip2", "host", 2), "two guests on two cores do not contend");
        assertEquals(cost("bzip2", "host", 2).multipliedBy(2), cost("bzip2", "host", 4), "four guests share two cores");
        // quick sysbench runs a fixed 5 s a trial: only its setup and preparation stretch
        Duration one = cost("sysbench-oltp", "host", 2);
        Duration eight = cost("sysbench-oltp", "host", 8);
        assertTrue(eight.compareTo(one) > 0 && eight.compareTo(one.multipliedBy(4)) < 0, one + " -> " + eight);
        CellEstimate unknown = model.estimate(cell("my-own", "host", 1));
        assertEquals(CellEstimate.Source.ASSUMED, unknown.source());
        assertEquals(CostModel.ASSUMED_TRIAL.multipliedBy(4), unknown.total());
    }

    @Test
    void aCellMeasuredHereBeforeGoesByItsMeasuredDuration() {
        CellPlan plan = cell("bzip2", "qemu", 2);
        Instant start = Instant.parse("2026-11-30T10:00:00Z");
        List<JournalEntry> earlier = List.of(
                new JournalEntry.CellStarted("bzip2", "qemu", 2, 1, start.toString(), Unit.SECONDS, Direction.LOWER_IS_BETTER,
                        plan.params().asMap(), 4, 1, 128L << 20, "default", List.of()),
                new JournalEntry.CellFinished("bzip2", "qemu", 2, 1, start.plusSeconds(100).toString(),
                        CellStatus.COMPLETED, null, 2, 2, null, Map.of(), List.of()));
        CellEstimate e = model.withHistory(History.of(earlier)).estimate(plan);
        assertEquals(CellEstimate.Source.MEASURED, e.source());
        assertEquals(Duration.ofSeconds(200), e.total(), "100 s for 2 trials, 4 planned");
        assertEquals(CellEstimate.Source.DECLARED, model.withHistory(History.of(earlier)).estimate(cell("bzip2", "qemu", 1))
                .source(), "another n is another cell");
    }

    @Test
    void keepsWhatFitsSmallestNFirstWithItsBaselineAndListsEveryOtherCellWithItsCommand() {
        List<CellPlan> cells = new ArrayList<>();
        for (String w : List.of("bzip2", "dd-file")) {
            for (String b : List.of("host", "qemu")) {
                for (int n : List.of(1, 2, 4)) {
                    cells.add(cell(w, b, n));
                }
            }
        }
        Duration limit = Duration.ofMinutes(5);
        Budget.Fit fit = Budget.fit(cells, model, limit, settings());

        Set<CellKey> seen = new HashSet<>();
        fit.kept().forEach(c -> assertTrue(seen.add(c.cell())));
        fit.leftOut().forEach(l -> assertTrue(seen.add(l.cell()), "kept or left out, never both"));
        assertEquals(cells.size(), seen.size(), "no cell is dropped silently");
        assertTrue(fit.estimated().compareTo(limit) <= 0, fit.estimated() + " fits in " + limit);
        assertTrue(!fit.kept().isEmpty() && !fit.leftOut().isEmpty(), fit.lines().toString());
        assertEquals(cells.stream().filter(fit.kept()::contains).toList(), fit.kept(), "kept cells run in campaign order");
        for (CellPlan c : fit.kept()) {
            CellKey baseline = new CellKey(c.cell().workload(), "host", c.cell().guests());
            assertTrue(fit.kept().stream().anyMatch(k -> k.cell().equals(baseline)), c.cell() + " kept without " + baseline);
        }
        int largestKept = fit.kept().stream().mapToInt(c -> c.cell().guests()).max().orElseThrow();
        assertTrue(fit.leftOut().stream().allMatch(l -> l.cell().guests() > 1 || l.cell().backend().equals("qemu")),
                "bare metal at n = 1 fits first: " + fit.lines() + " largest kept n " + largestKept);
        Budget.LeftOut first = fit.leftOut().get(0);
        assertEquals("./virtbench run --backend " + first.cell().backend() + " --include '^" + first.cell().workload()
                + "$' --scale " + first.cell().guests() + " --profile quick", first.command());
        assertTrue(fit.lines().stream().anyMatch(line -> line.contains(first.command())), fit.lines().toString());

        Budget.Fit all = Budget.all(cells, model);
        assertEquals(cells, all.kept());
        assertTrue(all.leftOut().isEmpty());
    }

    @Test
    void parsesBudgets() {
        assertEquals(Duration.ofMinutes(10), Budget.parse("10m"));
        assertEquals(Duration.ofSeconds(90), Budget.parse("90s"));
        assertEquals(Duration.ofMinutes(90), Budget.parse("1h30m"));
        assertEquals(Duration.ofMinutes(2), Budget.parse("PT2M"));
        for (String bad : List.of("soon", "0s", "", "10", "-5m")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Budget.parse(bad));
            assertTrue(e.getMessage().contains("give one such as 10m"), e.getMessage());
        }
    }

    @Test
    void theTimeLeftGoesByMeasuredTrialsAndFinishedCells() {
        CellKey a = new CellKey("a", "host", 1);
        CellKey b = new CellKey("b", "host", 1);
        AtomicLong now = new AtomicLong();
        Eta eta = new Eta(Map.of(a, new CellEstimate(a, Duration.ofSeconds(100), 4, CellEstimate.Source.DECLARED),
                b, new CellEstimate(b, Duration.ofSeconds(100), 4, CellEstimate.Source.DECLARED)), now::get);
        assertEquals(Duration.ofSeconds(200), eta.left());
        eta.cellStarted(1, 2, a);
        eta.trialStarted(a, 1, 4);
        now.set(seconds(10));
        eta.trialStarted(a, 2, 4);
        assertEquals(Duration.ofSeconds(30 + 100), eta.left(), "three trials of 10 s left in a, then b");
        now.set(seconds(40));
        eta.cellFinished(a, CellStatus.COMPLETED, null);
        assertEquals(0.4, eta.correction(), 1e-9);
        assertEquals(Duration.ofSeconds(40), eta.left(), "b's estimate, as far off as a's was");
        assertEquals("under a minute left", eta.leftWords());
    }

    @Test
    void interleavedTrialsEachCountForTheirOwnCell() {
        CellKey host = new CellKey("a", "host", 1);
        CellKey lxc = new CellKey("a", "lxc", 1);
        AtomicLong now = new AtomicLong();
        Eta eta = new Eta(Map.of(host, new CellEstimate(host, Duration.ofSeconds(100), 2, CellEstimate.Source.DECLARED),
                lxc, new CellEstimate(lxc, Duration.ofSeconds(100), 2, CellEstimate.Source.DECLARED)), now::get);
        eta.cellStarted(1, 2, host);
        eta.cellStarted(2, 2, lxc);
        eta.trialStarted(host, 1, 2);
        now.set(seconds(10));
        eta.trialStarted(lxc, 1, 2);
        now.set(seconds(30));
        eta.trialStarted(host, 2, 2);
        assertEquals(Duration.ofSeconds(10 + 20), eta.left(), "host: one more trial of 10 s; lxc: one more of 20 s");
    }

    private static long seconds(long s) {
        return s * 1_000_000_000L;
    }
}
