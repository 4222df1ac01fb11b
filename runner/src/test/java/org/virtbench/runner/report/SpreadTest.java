package org.virtbench.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.guest.Guest;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.Relative;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

/** Paper mode shows each relative's spread: the kept trials' ratio range, and whether it includes 1.0. */
class SpreadTest {
    @TempDir
    Path dir;

    /** Seconds per trial: lxc wobbles around host's values, qemu takes twice as long. */
    private static final Map<String, double[]> SECONDS = Map.of(
            "host", new double[] {99, 10, 11, 9, 10},
            "lxc", new double[] {99, 10.5, 10.45, 9.9, 9.5},
            "qemu", new double[] {99, 20, 21, 19, 20.5});

    @Test
    void eachRelativeCarriesItsTrialsRatioRangeAndTheReportSaysWhichIncludeOne() throws Exception {
        Events events = new Events();
        ScriptedPlan plan = ScriptedPlan.builder("compress", events).repeat(5, 1).script(new ScriptedPlan.Script() {
            @Override
            public double measure(int guest, int trial) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double measureOn(Guest guest, int trial) {
                return SECONDS.get(guest.name().substring(0, guest.name().indexOf('-')))[trial];
            }
        });
        EngineHarness harness = new EngineHarness(dir).backend(new FakeBackend("host", events))
                .backend(new FakeBackend("lxc", events)).backend(new FakeBackend("qemu", events));
        harness.run(plan);
        ResultsDocument doc = harness.results(plan);

        Relative lxc = doc.cells().get(1).figures().relative();
        // a time: bare metal / guest, trial by trial: 10/10.5, 11/10.45, 9/9.9, 10/9.5
        assertEquals(List.of(10 / 10.5, 11 / 10.45, 9 / 9.9, 10 / 9.5), lxc.rounds());
        assertEquals(9 / 9.9, lxc.range().low(), 1e-12);
        assertEquals(10 / 9.5, lxc.range().high(), 1e-12);
        assertTrue(lxc.indistinguishable());
        Relative qemu = doc.cells().get(2).figures().relative();
        assertFalse(qemu.indistinguishable(), "qemu's ratios " + qemu.range() + " all lie below 1.0");
        assertEquals(11 / 21.0, qemu.range().high(), 1e-12);

        String page = HtmlReport.render(doc);
        assertTrue(page.contains("lxc: the kept trials&#39; ratios 0.909-1.053 include 1.0: not distinguishable from "
                + "bare metal"), "the figure's note");
        assertFalse(page.contains("qemu: the kept trials&#39; ratios"));
        assertEquals(1, page.split("0.909-1.053 not distinguishable from bare metal", -1).length - 1,
                "the cells table marks lxc once");
        Figures.RelativeFigure figure = Figures.relative(doc).get(0);
        assertEquals(List.of("lxc"), figure.indistinguishable(), "host, the baseline, is not marked");
        assertTrue(figure.hasWhiskers() && !figure.hasIntervals(), "paper mode draws the range as whiskers");
        assertTrue(Charts.relative(figure).length > 1000);
    }
}
