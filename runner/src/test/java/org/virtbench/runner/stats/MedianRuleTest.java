package org.virtbench.runner.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one median and the one kept-sample rule that every figure uses. */
class MedianRuleTest {
    @Test
    void theMiddleValueOrTheMeanOfTheTwoMiddleOnesInAnyOrder() {
        assertEquals(3.0, Statistics.median(new double[] {5, 1, 3}));
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 3, 2}));
        assertEquals(2.5, Statistics.median(List.of(4L, 1L, 3L, 2L)), "any numbers");
        assertEquals(7.0, Statistics.median(List.of(7.0)));
        assertTrue(Double.isNaN(Statistics.median(new double[0])), "none: NaN");
        assertEquals(Statistics.summarize(new double[] {9, 1, 4, 2}, StatsMode.PAPER).median(),
                Statistics.median(new double[] {9, 1, 4, 2}), "the summaries' median is this one");
    }

    @Test
    void aSampleIsKeptWhenOkNotAWarmUpAndWithAValue() {
        assertTrue(Statistics.kept(true, false, 1.0));
        assertFalse(Statistics.kept(false, false, 1.0), "failed");
        assertFalse(Statistics.kept(true, true, 1.0), "warm-up");
        assertFalse(Statistics.kept(true, false, null), "no value");
    }
}
