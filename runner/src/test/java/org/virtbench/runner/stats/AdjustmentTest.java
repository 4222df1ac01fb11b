package org.virtbench.runner.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdjustmentTest {
    private static final double[] P = {0.01, 0.04, 0.03, 0.005};

    @Test
    void holmMultipliesTheKthSmallestByMMinusKPlusOneAndKeepsTheOrder() {
        // sorted 0.005 0.01 0.03 0.04 -> x4 x3 x2 x1 = 0.02 0.03 0.06 0.04 -> running max 0.02 0.03 0.06 0.06
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Adjustment.HOLM.adjust(P), 1e-12);
    }

    @Test
    void benjaminiHochbergMultipliesByMOverRankFromTheTop() {
        // sorted 0.005 0.01 0.03 0.04 -> x4/1 x4/2 x4/3 x4/4 = 0.02 0.02 0.04 0.04 -> running min from the top
        assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02}, Adjustment.BH.adjust(P), 1e-12);
    }

    @Test
    void neverAboveOneAndParsedByName() {
        assertEquals(1.0, Adjustment.HOLM.adjust(new double[] {0.6, 0.7})[0], 1e-12);
        assertEquals(Adjustment.BH, Adjustment.parse("bh"));
        assertThrows(IllegalArgumentException.class, () -> Adjustment.parse("bonferroni"));
        assertThrows(IllegalArgumentException.class, () -> Adjustment.HOLM.adjust(new double[] {1.5}));
    }

    @Test
    void theDetectableChangeShrinksWithMoreTrialsAndLessNoise() {
        double[] noisy = {90, 110, 95, 105};
        double[] quiet = {99, 101, 99.5, 100.5};
        double wide = DetectableChange.of(noisy, noisy);
        double narrow = DetectableChange.of(quiet, quiet);
        assertTrue(narrow < wide / 5, narrow + " vs " + wide);
        double[] more = {90, 110, 95, 105, 90, 110, 95, 105};
        assertTrue(DetectableChange.of(more, more) < wide);
        assertEquals(Double.POSITIVE_INFINITY, DetectableChange.of(new double[] {1}, noisy));
    }
}
