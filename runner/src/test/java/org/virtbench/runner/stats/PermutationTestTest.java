package org.virtbench.runner.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Cases counted by hand over the 20 ways to split six values into two groups of three. */
class PermutationTestTest {
    @Test
    void separatedSamplesReachTheSmallestPOfTwentySplits() {
        // only the observed split {1,2,3} has an a-sum as small as 6: p = 1/20
        PermutationTest.Result r = PermutationTest.test(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertEquals(0.05, r.pValue(), 1e-12);
        assertEquals(3.0, r.difference(), 1e-12);
        assertEquals(20, r.splits());
        assertTrue(r.exact());
        assertEquals(0.05, r.smallestP(), 1e-12);
        assertTrue(r.significant(0.05));
    }

    @Test
    void testsInTheDirectionTheDataMoved() {
        PermutationTest.Result r = PermutationTest.test(new double[] {4, 5, 6}, new double[] {1, 2, 3});
        assertEquals(0.05, r.pValue(), 1e-12);
        assertEquals(-3.0, r.difference(), 1e-12);
    }

    @Test
    void overlappingSamplesAreNotBeyondNoise() {
        // a = {1,2,4}, a-sum 7; splits of {1..6} with a-sum <= 7: {1,2,3} and {1,2,4}: p = 2/20
        PermutationTest.Result r = PermutationTest.test(new double[] {1, 2, 4}, new double[] {3, 5, 6});
        assertEquals(0.1, r.pValue(), 1e-12);
        assertFalse(r.significant(0.05));
    }

    @Test
    void identicalSamplesCountTiesAsAtLeastAsFar() {
        // pooled {1,1,2,2,3,3}: 8 triples sum to 6 (one of each value: 2x2x2), 6 below, 6 above: p = 14/20
        PermutationTest.Result r = PermutationTest.test(new double[] {1, 2, 3}, new double[] {1, 2, 3});
        assertEquals(0.7, r.pValue(), 1e-12);
        assertEquals(0.0, r.difference(), 1e-12);
    }

    @Test
    void tiesThatDifferOnlyByRoundingAreTies() {
        // a = {0.1, 0.2}: its sum is 0.30000000000000004 in binary, the split {0.3, 0.0} sums to 0.3;
        // both are the same split in value, so of the six splits four are at least as far: p = 4/6
        PermutationTest.Result r = PermutationTest.test(new double[] {0.1, 0.2}, new double[] {0.3, 0.0});
        assertEquals(4.0 / 6, r.pValue(), 1e-12);
    }

    @Test
    void smallSamplesCannotReachFivePercent() {
        PermutationTest.Result r = PermutationTest.test(new double[] {1, 2}, new double[] {3, 4});
        assertEquals(1.0 / 6, r.pValue(), 1e-12);
        assertEquals(1.0 / 6, r.smallestP(), 1e-12);
    }

    @Test
    void drawsRandomSplitsWhenThereAreTooManyToCount() {
        double[] a = IntStream.range(0, 15).mapToDouble(i -> 10 + i * 0.01).toArray();
        double[] b = IntStream.range(0, 15).mapToDouble(i -> 11 + i * 0.01).toArray();
        PermutationTest.Result r = PermutationTest.test(a, b);
        assertFalse(r.exact(), "C(30, 15) = 155117520 splits");
        assertEquals(PermutationTest.RANDOM_SPLITS, r.splits());
        assertEquals(1.0 / (PermutationTest.RANDOM_SPLITS + 1), r.pValue(), 1e-12);
        assertEquals(r, PermutationTest.test(a, b), "a fixed seed: the same answer every time");
    }

    @Test
    void countsSplits() {
        assertEquals(20, PermutationTest.binomial(6, 3));
        assertEquals(252, PermutationTest.binomial(10, 5));
        assertEquals(155_117_520L, PermutationTest.binomial(30, 15));
        assertEquals(Long.MAX_VALUE, PermutationTest.binomial(200, 100));
        assertThrows(IllegalArgumentException.class, () -> PermutationTest.test(new double[0], new double[] {1}));
    }
}
