package org.virtbench.suites.inputs;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, 2014), written out here rather than taken from the
 * JDK so that a seed gives the same bytes on every Java version, forever: the generated inputs are
 * cached and compared across machines, and must not change under anyone's feet.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform int in {@code [0, bound)}; the tiny modulo bias is irrelevant for test data. */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    /** Fills {@code buffer[from, to)} with uniform bytes. */
    void nextBytes(byte[] buffer, int from, int to) {
        int i = from;
        while (i < to) {
            long word = nextLong();
            for (int k = 0; k < 8 && i < to; k++, word >>>= 8) {
                buffer[i++] = (byte) word;
            }
        }
    }
}
