package org.virtbench.runner.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.virtbench.annotations.Direction;

/** {@link Statistics#needsMoreTrials} and {@link Statistics#aggregate} against hand-computed values. */
class RepetitionAndAggregateTest {

    private static final double EPS = 1e-9;

    @Test
    void noisyCellNeedsMoreTrials() {
        // {10,12,14}: s 2, mean 12 -> rsd 0.1667 > 0.03
        assertTrue(Statistics.needsMoreTrials(new double[] {10, 12, 14}, 0.03));
        // {96,100,104}: s = sqrt((16+0+16)/2) = 4, mean 100 -> rsd 0.04 > 0.03
        assertTrue(Statistics.needsMoreTrials(new double[] {96, 100, 104}, 0.03));
    }

    @Test
    void steadyCellIsDone() {
        // {99,100,101}: s = sqrt((1+0+1)/2) = 1, mean 100 -> rsd 0.01 <= 0.03
        assertFalse(Statistics.needsMoreTrials(new double[] {99, 100, 101}, 0.03));
        // {97,100,103}: s = sqrt((9+0+9)/2) = 3 -> rsd exactly 0.03, not above -> done
        assertFalse(Statistics.needsMoreTrials(new double[] {97, 100, 103}, 0.03));
        // a population s would be sqrt(18/3) = 2.449 -> 0.0245; {96,100,104} above shows sample s is used
    }

    @Test
    void oneTrialNeverAsksForMore() {
        // kept.length < 2: false even with a target of 0
        assertFalse(Statistics.needsMoreTrials(new double[] {10}, 0.0));
        // two equal values: rsd 0, not above 0
        assertFalse(Statistics.needsMoreTrials(new double[] {10, 10}, 0.0));
        // two different values with target 0: {9,11} s = sqrt(2), rsd 0.1414 > 0
        assertTrue(Statistics.needsMoreTrials(new double[] {9, 11}, 0.0));
    }

    @Test
    void badRepetitionInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Statistics.needsMoreTrials(new double[0], 0.03));
        assertThrows(IllegalArgumentException.class, () -> Statistics.needsMoreTrials(new double[] {1, Double.NaN}, 0.03));
        assertThrows(IllegalArgumentException.class, () -> Statistics.needsMoreTrials(new double[] {1, 2}, -0.01));
        assertThrows(IllegalArgumentException.class, () -> Statistics.needsMoreTrials(new double[] {1, 2}, Double.NaN));
    }

    @Test
    void jainOfEqualSharesIsOne() {
        // {1,1}: (1+1)^2 / (2 * (1+1)) = 4/4 = 1; population sd 0 -> cv 0
        ScaleAggregate a = Statistics.aggregate(new double[] {1, 1}, Direction.HIGHER_IS_BETTER);
        assertEquals(1.0, a.jainFairness(), EPS);
        assertEquals(0.0, a.coefficientOfVariation(), EPS);
    }

    @Test
    void jainOfOneStarvedGuestIsHalf() {
        // {1,0}: (1+0)^2 / (2 * (1+0)) = 1/2 = 0.5; mean 0.5, population sd sqrt((0.25+0.25)/2) = 0.5 -> cv 1
        // (sample sd would be sqrt(0.5) = 0.707 -> cv 1.414); jain = 1/(1+cv^2) = 0.5
        ScaleAggregate a = Statistics.aggregate(new double[] {1, 0}, Direction.HIGHER_IS_BETTER);
        assertEquals(0.5, a.jainFairness(), EPS);
        assertEquals(1.0, a.coefficientOfVariation(), EPS);
        assertEquals(1.0, a.aggregate(), EPS);
    }

    @Test
    void throughputAggregateIsMeanTimesN() {
        // {10,20,30} ops/s: mean 20, aggregate 20*3 = 60
        // jain = 60^2 / (3 * (100+400+900)) = 3600/4200 = 0.857142857
        // population sd = sqrt((100+0+100)/3) = 8.1649658 -> cv = 0.40824829
        ScaleAggregate a = Statistics.aggregate(new double[] {10, 20, 30}, Direction.HIGHER_IS_BETTER);
        assertEquals(3, a.guests());
        assertEquals(60.0, a.aggregate(), EPS);
        assertEquals(20.0, a.perGuestMean(), EPS);
        assertEquals(0.857142857, a.jainFairness(), 1e-9);
        assertEquals(0.40824829, a.coefficientOfVariation(), 1e-8);
    }

    @Test
    void timeAggregateIsTotal() {
        // times {12.5, 10, 7.5, 10} s: total 40, per-guest mean 10
        // jain = 40^2 / (4 * (156.25+100+56.25+100)) = 1600/1650 = 0.96969697
        // population sd = sqrt((6.25+0+6.25+0)/4) = 1.767767 -> cv 0.1767767
        ScaleAggregate a = Statistics.aggregate(new double[] {12.5, 10, 7.5, 10}, Direction.LOWER_IS_BETTER);
        assertEquals(4, a.guests());
        assertEquals(40.0, a.aggregate(), EPS);
        assertEquals(10.0, a.perGuestMean(), EPS);
        assertEquals(0.96969697, a.jainFairness(), 1e-8);
        assertEquals(0.1767767, a.coefficientOfVariation(), 1e-7);
    }

    @Test
    void singleGuest() {
        // n == 1: aggregate = the value, jain 1, cv 0
        ScaleAggregate a = Statistics.aggregate(new double[] {42}, Direction.LOWER_IS_BETTER);
        assertEquals(new ScaleAggregate(1, 42, 42, 1.0, 0.0), a);
    }

    @Test
    void allZeroGuestsAreEvenlyTreated() {
        // {0,0}: jain is 0/0, taken as 1 (all equal); mean 0 -> cv 0
        assertEquals(new ScaleAggregate(2, 0, 0, 1.0, 0.0),
                Statistics.aggregate(new double[] {0, 0}, Direction.HIGHER_IS_BETTER));
    }

    @Test
    void badAggregateInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Statistics.aggregate(new double[0], Direction.HIGHER_IS_BETTER));
        assertThrows(IllegalArgumentException.class, () -> Statistics.aggregate(new double[] {1, -1}, Direction.HIGHER_IS_BETTER));
        assertThrows(IllegalArgumentException.class, () -> Statistics.aggregate(new double[] {Double.NaN}, Direction.LOWER_IS_BETTER));
    }
}
