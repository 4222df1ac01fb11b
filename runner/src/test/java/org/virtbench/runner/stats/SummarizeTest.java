package org.virtbench.runner.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link Statistics#summarize} against hand-computed values. */
class SummarizeTest {

    private static final double EPS = 1e-9;

    @Test
    void medianOfOddCountIsMiddleValue() {
        // {3,1,2} sorted = {1,2,3}: median 2, min 1, max 3, mean 6/3 = 2
        Summary s = Statistics.summarize(new double[] {3, 1, 2}, StatsMode.PAPER);
        assertEquals(3, s.count());
        assertEquals(2.0, s.median(), EPS);
        assertEquals(1.0, s.min(), EPS);
        assertEquals(3.0, s.max(), EPS);
        assertEquals(2.0, s.mean(), EPS);
    }

    @Test
    void medianOfEvenCountIsMeanOfTwoMiddleValues() {
        // {4,1,3,2} sorted = {1,2,3,4}: median (2+3)/2 = 2.5
        assertEquals(2.5, Statistics.summarize(new double[] {4, 1, 3, 2}, StatsMode.PAPER).median(), EPS);
        // {10,20,40,80} sorted: median (20+40)/2 = 30 (not 20 or 40, not an interpolation at 0.5*(n-1))
        assertEquals(30.0, Statistics.summarize(new double[] {80, 10, 40, 20}, StatsMode.PAPER).median(), EPS);
    }

    @Test
    void studentTIntervalInRigorousMode() {
        // {10,12,14}: mean 12; deviations -2,0,2; s^2 = (4+0+4)/(3-1) = 4, s = 2; rsd = 2/12 = 0.1666...
        // t(0.975, df=2) = 4.302653 (table); half-width = 4.302653 * 2 / sqrt(3) = 8.605306 / 1.7320508
        //   = 4.968275; CI = [12 - 4.968275, 12 + 4.968275] = [7.031725, 16.968275]
        Summary s = Statistics.summarize(new double[] {10, 12, 14}, StatsMode.RIGOROUS);
        assertEquals(12.0, s.mean(), EPS);
        assertEquals(2.0, s.stdDev(), EPS);
        assertEquals(2.0 / 12.0, s.relativeStdDev(), EPS);
        assertNotNull(s.confidence95());
        assertEquals(7.031725, s.confidence95().low(), 1e-5);
        assertEquals(16.968275, s.confidence95().high(), 1e-5);
    }

    @Test
    void studentTIntervalWithTwoValues() {
        // {1,3}: mean 2, s = sqrt((1+1)/1) = sqrt(2) = 1.4142136; t(0.975, df=1) = 12.706205 (table)
        // half-width = 12.706205 * 1.4142136 / sqrt(2) = 12.706205; CI = [-10.706205, 14.706205]
        Interval ci = Statistics.summarize(new double[] {1, 3}, StatsMode.RIGOROUS).confidence95();
        assertEquals(-10.706205, ci.low(), 1e-5);
        assertEquals(14.706205, ci.high(), 1e-5);
    }

    @Test
    void noIntervalInPaperMode() {
        // same data as the rigorous case: all other figures are computed, only the interval is omitted
        Summary s = Statistics.summarize(new double[] {10, 12, 14}, StatsMode.PAPER);
        assertNull(s.confidence95());
        assertEquals(2.0, s.stdDev(), EPS);
    }

    @Test
    void singleValueHasNoSpreadAndNoInterval() {
        // count 1: stdDev 0, relativeStdDev 0 (count < 2), no interval even in rigorous mode
        Summary s = Statistics.summarize(new double[] {7}, StatsMode.RIGOROUS);
        assertEquals(1, s.count());
        assertEquals(7.0, s.median(), EPS);
        assertEquals(0.0, s.stdDev(), EPS);
        assertEquals(0.0, s.relativeStdDev(), EPS);
        assertNull(s.confidence95());
        assertEquals(List.of(), s.madOutliers());
        assertEquals(List.of(), s.tukeyOutliers());
    }

    @Test
    void relativeStdDevUsesAbsoluteMean() {
        // {-10,-12,-14}: mean -12, s 2 -> rsd = 2/|-12| = 0.1666..., positive
        assertEquals(2.0 / 12.0,
                Statistics.summarize(new double[] {-10, -12, -14}, StatsMode.PAPER).relativeStdDev(), EPS);
    }

    @Test
    void madFlagsOnlyBeyondModifiedZOf3point5() {
        // {10,11,12,13,18}: median 12; |x-12| = {2,1,0,1,6} sorted {0,1,1,2,6} -> MAD 1
        // z(18) = 0.6745*6/1 = 4.047 > 3.5 -> flagged; z(10) = 0.6745*2 = 1.349 -> not
        assertEquals(List.of(4), Statistics.summarize(new double[] {10, 11, 12, 13, 18}, StatsMode.PAPER).madOutliers());
        // {10,11,12,13,17}: MAD still 1; z(17) = 0.6745*5 = 3.3725 <= 3.5 -> nothing flagged
        assertEquals(List.of(), Statistics.summarize(new double[] {10, 11, 12, 13, 17}, StatsMode.PAPER).madOutliers());
    }

    @Test
    void madFlagsLowOutliersAndReportsKeptIndexes() {
        // {12,0,11,13,10}: median 11; |x-11| = {1,11,0,2,1} sorted {0,1,1,2,11} -> MAD 1
        // z(0) = |0.6745*(0-11)/1| = 7.42 > 3.5 -> index 1 (position in kept[], not in sorted order)
        assertEquals(List.of(1), Statistics.summarize(new double[] {12, 0, 11, 13, 10}, StatsMode.RIGOROUS).madOutliers());
    }

    @Test
    void madOfZeroFlagsNothingButTukeyStillDoes() {
        // {5,5,5,5,100}: median 5, |x-5| = {0,0,0,0,95} -> MAD 0 -> no MAD outliers by definition
        // Tukey: Q1 = x(1+0.25*4) = x(2) = 5, Q3 = x(4) = 5, IQR 0, fences [5,5] -> 100 flagged
        Summary s = Statistics.summarize(new double[] {5, 5, 5, 5, 100}, StatsMode.PAPER);
        assertEquals(List.of(), s.madOutliers());
        assertEquals(List.of(4), s.tukeyOutliers());
    }

    @Test
    void tukeyFencesUseR7Quartiles() {
        // sorted {1,2,3,4,5,6,7,12}, n = 8. R-7 position 1 + p*(n-1):
        //   Q1 at 2.75 -> 2 + 0.75*(3-2) = 2.75; Q3 at 6.25 -> 6 + 0.25*(7-6) = 6.25; IQR 3.5
        //   fences [2.75 - 5.25, 6.25 + 5.25] = [-2.5, 11.5] -> 12 is out (index 2 in kept[] below)
        // (the LEGACY p*(n+1) estimator would give Q1 2.25, Q3 6.75, upper fence 13.5 and flag nothing)
        double[] kept = {7, 3, 12, 1, 5, 2, 6, 4};
        assertEquals(List.of(2), Statistics.summarize(kept, StatsMode.PAPER).tukeyOutliers());
        // lower fence: sorted {-3,2,3,4,5,6,7,8}: Q1 = 2 + 0.75*1 = 2.75, Q3 = 6 + 0.25*1 = 6.25
        //   fences [-2.5, 11.5] -> -3 is out (index 0); 8 is in
        assertEquals(List.of(0), Statistics.summarize(new double[] {-3, 2, 3, 4, 5, 6, 7, 8}, StatsMode.RIGOROUS)
                .tukeyOutliers());
    }

    @Test
    void tukeyWithNoOutliers() {
        // {10,11,12,13,17}: Q1 = 11, Q3 = 13, IQR 2, fences [8,16] -> 17 out; {10,11,12,13,16} -> 16 on the fence, in
        assertEquals(List.of(4), Statistics.summarize(new double[] {10, 11, 12, 13, 17}, StatsMode.PAPER).tukeyOutliers());
        assertEquals(List.of(), Statistics.summarize(new double[] {10, 11, 12, 13, 16}, StatsMode.PAPER).tukeyOutliers());
    }

    @Test
    void outliersAreFlaggedNeverDropped() {
        // {10,11,12,13,18}: both methods flag 18, yet count 5, max 18 and mean (10+11+12+13+18)/5 = 64/5 = 12.8
        Summary s = Statistics.summarize(new double[] {10, 11, 12, 13, 18}, StatsMode.RIGOROUS);
        assertEquals(List.of(4), s.madOutliers());
        assertEquals(List.of(4), s.tukeyOutliers());
        assertEquals(5, s.count());
        assertEquals(18.0, s.max(), EPS);
        assertEquals(12.8, s.mean(), EPS);
    }

    @Test
    void inputArrayIsNotModified() {
        double[] kept = {3, 1, 2, 9, 0};
        Statistics.summarize(kept, StatsMode.RIGOROUS);
        assertArrayEquals(new double[] {3, 1, 2, 9, 0}, kept);
    }

    @Test
    void outlierListsAreImmutable() {
        Summary s = Statistics.summarize(new double[] {10, 11, 12, 13, 18}, StatsMode.PAPER);
        assertThrows(UnsupportedOperationException.class, () -> s.madOutliers().add(0));
        assertThrows(UnsupportedOperationException.class, () -> s.tukeyOutliers().clear());
    }

    @Test
    void badInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Statistics.summarize(new double[0], StatsMode.PAPER));
        assertEquals("kept is empty: at least one value is needed", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Statistics.summarize(new double[] {1, Double.NaN}, StatsMode.PAPER));
        assertThrows(IllegalArgumentException.class,
                () -> Statistics.summarize(new double[] {Double.POSITIVE_INFINITY}, StatsMode.RIGOROUS));
        assertThrows(NullPointerException.class, () -> Statistics.summarize(null, StatsMode.PAPER));
    }

    @Test
    void intervalRejectsReversedOrNonFiniteBounds() {
        assertThrows(IllegalArgumentException.class, () -> new Interval(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new Interval(Double.NaN, 1));
        Interval i = new Interval(1, 3);
        assertEquals(2.0, i.width(), EPS);
        assertEquals(true, i.contains(1) && i.contains(3));
        assertEquals(false, i.contains(3.0001));
    }
}
