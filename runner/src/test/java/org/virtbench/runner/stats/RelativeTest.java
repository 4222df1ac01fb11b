package org.virtbench.runner.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.virtbench.annotations.Direction;

/** {@link Statistics#relative} against hand-computed values. */
class RelativeTest {

    private static final double EPS = 1e-12;

    @Test
    void timeIsNativeOverVirtual() {
        // 10 s native, 20 s guest: 10/20 = 0.5 (the guest is half as fast)
        Relative r = Statistics.relative(new double[] {20}, new double[] {10}, Direction.LOWER_IS_BETTER, StatsMode.PAPER);
        assertEquals(0.5, r.value(), EPS);
        assertNull(r.bootstrap95());
    }

    @Test
    void throughputIsVirtualOverNative() {
        // 50 ops/s guest, 100 ops/s native: 50/100 = 0.5
        assertEquals(0.5, Statistics.relative(new double[] {50}, new double[] {100},
                Direction.HIGHER_IS_BETTER, StatsMode.PAPER).value(), EPS);
    }

    @Test
    void paperUsesMediansRigorousUsesMeans() {
        // guest {1,2,9}: median 2, mean 12/3 = 4; native {4,4,4}: median 4, mean 4
        double[] guest = {9, 1, 2};
        double[] base = {4, 4, 4};
        // PAPER throughput: 2/4 = 0.5; RIGOROUS throughput: 4/4 = 1.0
        assertEquals(0.5, Statistics.relative(guest, base, Direction.HIGHER_IS_BETTER, StatsMode.PAPER).value(), EPS);
        assertEquals(1.0, Statistics.relative(guest, base, Direction.HIGHER_IS_BETTER, StatsMode.RIGOROUS).value(), EPS);
        // times: PAPER 4/2 = 2.0 (guest faster); RIGOROUS 4/4 = 1.0
        assertEquals(2.0, Statistics.relative(guest, base, Direction.LOWER_IS_BETTER, StatsMode.PAPER).value(), EPS);
        assertEquals(1.0, Statistics.relative(guest, base, Direction.LOWER_IS_BETTER, StatsMode.RIGOROUS).value(), EPS);
    }

    @Test
    void paperMedianOfEvenCount() {
        // native times {9,11,10,12}: median (10+11)/2 = 10.5; guest {21}: 10.5/21 = 0.5
        assertEquals(0.5, Statistics.relative(new double[] {21}, new double[] {9, 11, 10, 12},
                Direction.LOWER_IS_BETTER, StatsMode.PAPER).value(), EPS);
    }

    @Test
    void bootstrapContainsPointAndRepeatsExactly() {
        // guest times mean (18+20+22+19+21)/5 = 20; native mean (9+10+11+10+10)/5 = 10 -> 10/20 = 0.5
        double[] guest = {18, 20, 22, 19, 21};
        double[] base = {9, 10, 11, 10, 10};
        Relative a = Statistics.relative(guest, base, Direction.LOWER_IS_BETTER, StatsMode.RIGOROUS);
        Relative b = Statistics.relative(guest, base, Direction.LOWER_IS_BETTER, StatsMode.RIGOROUS);
        assertEquals(0.5, a.value(), EPS);
        assertNotNull(a.bootstrap95());
        assertTrue(a.bootstrap95().contains(0.5), "interval " + a.bootstrap95() + " must contain 0.5");
        assertTrue(a.bootstrap95().width() > 0, "varying data gives a non-degenerate interval");
        // fixed seed: bit-for-bit the same interval on a second call
        assertEquals(a, b);
        // every resampled ratio lies within [min native / max guest, max native / min guest] = [9/22, 11/18]
        assertTrue(a.bootstrap95().low() >= 9.0 / 22.0 && a.bootstrap95().high() <= 11.0 / 18.0, a.bootstrap95().toString());
    }

    @Test
    void bootstrapOfThroughputBracketsPoint() {
        // guest {48,50,52} mean 50, native {95,100,105} mean 100 -> 50/100 = 0.5
        // resampled ratios lie within [48/105, 52/95] = [0.45714, 0.54737]
        Relative r = Statistics.relative(new double[] {48, 50, 52}, new double[] {95, 100, 105},
                Direction.HIGHER_IS_BETTER, StatsMode.RIGOROUS);
        assertEquals(0.5, r.value(), EPS);
        assertTrue(r.bootstrap95().contains(0.5), r.bootstrap95().toString());
        assertTrue(r.bootstrap95().low() >= 48.0 / 105.0 && r.bootstrap95().high() <= 52.0 / 95.0);
        assertTrue(r.bootstrap95().low() < 0.5 && r.bootstrap95().high() > 0.5, "both sides vary");
    }

    @Test
    void bootstrapWidthMatchesNormalApproximation() {
        // guest {46..54}: mean 50, squared deviations 16+9+4+1+0+0+1+4+9+16 = 60, population var 6,
        //   SE of a resampled mean sqrt(6/10) = 0.7746 -> relative 0.7746/50 = 0.015492
        // native {92..108}: mean 100, squared deviations 240, population var 24, SE sqrt(2.4) = 1.5492
        //   -> relative 1.5492/100 = 0.015492
        // delta method: SE(ratio) = 0.5 * sqrt(2) * 0.015492 = 0.010954; 95% width 2*1.96*0.010954 = 0.04294
        // (a 90% interval would be 0.0360 wide and a 99% one 0.0564): accept within 10%
        double[] guest = {46, 47, 48, 49, 50, 50, 51, 52, 53, 54};
        double[] base = {92, 94, 96, 98, 100, 100, 102, 104, 106, 108};
        Interval ci = Statistics.relative(guest, base, Direction.HIGHER_IS_BETTER, StatsMode.RIGOROUS).bootstrap95();
        assertEquals(0.04294, ci.width(), 0.1 * 0.04294, ci.toString());
        assertEquals(0.5, (ci.low() + ci.high()) / 2, 0.005, "roughly centred on the point ratio: " + ci);
    }

    @Test
    void bootstrapOfConstantDataIsDegenerate() {
        // every resample of {50,50,50} and {100,100} has means 50 and 100 -> interval [0.5, 0.5]
        Relative r = Statistics.relative(new double[] {50, 50, 50}, new double[] {100, 100},
                Direction.HIGHER_IS_BETTER, StatsMode.RIGOROUS);
        assertEquals(new Interval(0.5, 0.5), r.bootstrap95());
    }

    @Test
    void zeroGuestThroughputIsAllowed() {
        // a guest that did no work: 0/100 = 0
        assertEquals(0.0, Statistics.relative(new double[] {0}, new double[] {100},
                Direction.HIGHER_IS_BETTER, StatsMode.PAPER).value(), EPS);
    }

    @Test
    void nonPositiveBaselineIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Statistics.relative(
                new double[] {1}, new double[] {1, 0}, Direction.HIGHER_IS_BETTER, StatsMode.PAPER));
        assertTrue(e.getMessage().contains("baselineKept[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Statistics.relative(
                new double[] {1}, new double[] {-5}, Direction.LOWER_IS_BETTER, StatsMode.RIGOROUS));
    }

    @Test
    void otherBadInputIsRejected() {
        // a zero guest time would divide by zero
        assertThrows(IllegalArgumentException.class, () -> Statistics.relative(
                new double[] {0}, new double[] {10}, Direction.LOWER_IS_BETTER, StatsMode.PAPER));
        assertThrows(IllegalArgumentException.class, () -> Statistics.relative(
                new double[] {-1}, new double[] {10}, Direction.HIGHER_IS_BETTER, StatsMode.PAPER));
        assertThrows(IllegalArgumentException.class, () -> Statistics.relative(
                new double[0], new double[] {10}, Direction.HIGHER_IS_BETTER, StatsMode.PAPER));
        assertThrows(IllegalArgumentException.class, () -> Statistics.relative(
                new double[] {1}, new double[0], Direction.HIGHER_IS_BETTER, StatsMode.RIGOROUS));
        assertThrows(IllegalArgumentException.class, () -> Statistics.relative(
                new double[] {Double.NaN}, new double[] {10}, Direction.HIGHER_IS_BETTER, StatsMode.PAPER));
        assertThrows(IllegalArgumentException.class, () -> Statistics.relative(
                new double[] {1}, new double[] {Double.NaN}, Direction.LOWER_IS_BETTER, StatsMode.PAPER));
    }
}
