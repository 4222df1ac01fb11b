package org.virtbench.runner.selftest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A deterministic, compressible input: lines of pseudo-words drawn from a fixed vocabulary by a
 * seeded xorshift generator. It compresses about 5:1 with {@code bzip2 -9}, like text, and the same
 * size and seed always give the same bytes, so timings compare across runs and machines.
 */
public final class InputFile {
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "tre", "vos", "an", "el", "dur", "pi", "qua",
        "ne", "sto", "ri", "gal", "fe", "zu"};
    private static final int VOCABULARY = 2048;
    private static final int WORDS_PER_LINE = 12;

    private InputFile() {
    }

    /** Writes exactly {@code bytes} bytes to {@code file}. */
    public static void generate(Path file, long bytes, long seed) throws IOException {
        XorShift random = new XorShift(seed);
        byte[][] words = new byte[VOCABULARY][];
        for (int i = 0; i < VOCABULARY; i++) {
            StringBuilder word = new StringBuilder();
            int syllables = 1 + random.next(4);
            for (int s = 0; s < syllables; s++) {
                word.append(SYLLABLES[random.next(SYLLABLES.length)]);
            }
            words[i] = word.toString().getBytes(StandardCharsets.US_ASCII);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long written = 0;
            int inLine = 0;
            while (written < bytes) {
                byte[] word = words[random.next(VOCABULARY)];
                int n = (int) Math.min(word.length, bytes - written);
                out.write(word, 0, n);
                written += n;
                if (written < bytes) {
                    out.write(++inLine == WORDS_PER_LINE ? '\n' : ' ');
                    inLine %= WORDS_PER_LINE;
                    written++;
                }
            }
        }
    }

    /** Marsaglia's xorshift64: fast, deterministic, good enough to pick words. */
    private static final class XorShift {
        private long state;

        XorShift(long seed) {
            state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        }

        int next(int bound) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return (int) Long.remainderUnsigned(state, bound);
        }
    }
}
