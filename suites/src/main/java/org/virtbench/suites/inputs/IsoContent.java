package org.virtbench.suites.inputs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a generated "distribution image": a deterministic stream of segments that look, to
 * a compressor, like what an installation ISO holds. Most of an ISO is packages whose payload is
 * already compressed (incompressible); the rest is machine code and data (compresses about 2:1)
 * and text such as documentation, scripts and configuration (compresses about 4:1). Each segment
 * ends at a 2048-byte sector boundary with zero padding, as files on ISO 9660 do.
 *
 * <p>The stream depends only on the seed: an image of size s is the first s bytes of the stream,
 * so every size is a prefix of every larger one, and the same on every machine and Java version.
 */
final class IsoContent {
    /** Percent of segments of each kind: already compressed, machine code, text. */
    static final int COMPRESSED_PERCENT = 72;
    static final int BINARY_PERCENT = 16;

    private static final int SECTOR = 2048;
    private static final int MIN_SEGMENT_SECTORS = 8;      // 16 KiB
    private static final int MAX_SEGMENT_SECTORS = 512;    // 1 MiB
    private static final String[] SYLLABLES = {"ka", "ne", "lo", "ri", "su", "ta", "mi", "po", "de", "gu", "con",
        "fig", "lib", "usr", "bin", "ker", "nel", "mod", "pkg", "dev", "net", "sys", "ver", "ion", "ate", "ing",
        "er", "al", "ex", "st", "th", "qu", "pre", "un", "re", "in", "out", "ad", "so", "ma"};

    private final SplitMix64 random;
    private final String[] words;
    private final byte[][] opcodes;

    IsoContent(long seed) {
        this.random = new SplitMix64(seed);
        this.words = new String[4096];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            int syllables = 1 + random.nextInt(4);
            for (int s = 0; s < syllables; s++) {
                w.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            words[i] = w.toString();
        }
        // A small "instruction set": byte strings that recur, as opcodes and prologues do in code.
        this.opcodes = new byte[512][];
        for (int i = 0; i < opcodes.length; i++) {
            opcodes[i] = new byte[1 + random.nextInt(7)];
            random.nextBytes(opcodes[i], 0, opcodes[i].length);
        }
    }

    /** Writes the first {@code size} bytes of the stream. */
    void write(OutputStream out, long size) throws IOException {
        byte[] segment = new byte[MAX_SEGMENT_SECTORS * SECTOR];
        long left = size;
        while (left > 0) {
            int length = (MIN_SEGMENT_SECTORS + random.nextInt(MAX_SEGMENT_SECTORS - MIN_SEGMENT_SECTORS + 1)) * SECTOR;
            int padding = random.nextInt(SECTOR);
            int kind = random.nextInt(100);
            int body = length - padding;
            if (kind < COMPRESSED_PERCENT) {
                random.nextBytes(segment, 0, body);
            } else if (kind < COMPRESSED_PERCENT + BINARY_PERCENT) {
                fillBinary(segment, body);
            } else {
                fillText(segment, body);
            }
            java.util.Arrays.fill(segment, body, length, (byte) 0);
            int n = (int) Math.min(left, length);
            out.write(segment, 0, n);
            left -= n;
        }
    }

    /** Skewed towards small indexes, as word and opcode frequencies are (roughly Zipf-like). */
    private int skewed(int bound) {
        double u = (random.nextLong() >>> 11) * 0x1.0p-53;
        return (int) (bound * u * u * u);
    }

    private void fillBinary(byte[] b, int end) {
        int i = 0;
        long address = 0x400000L + random.nextInt(1 << 20);
        while (i < end) {
            int choice = random.nextInt(10);
            if (choice < 6) {
                byte[] op = opcodes[skewed(opcodes.length)];
                int n = Math.min(op.length, end - i);
                System.arraycopy(op, 0, b, i, n);
                i += n;
            } else if (choice < 9) {
                // a nearby address or offset, little-endian: high bytes repeat, low bytes vary
                address += random.nextInt(256) - 64;
                for (int k = 0; k < 4 && i < end; k++) {
                    b[i++] = (byte) (address >>> (8 * k));
                }
            } else {
                // a table of small numbers
                int n = Math.min(8 + random.nextInt(24), end - i);
                for (int k = 0; k < n; k++) {
                    b[i++] = (byte) random.nextInt(16);
                }
            }
        }
    }

    private void fillText(byte[] b, int end) {
        int i = 0;
        StringBuilder line = new StringBuilder(128);
        while (i < end) {
            line.setLength(0);
            int style = random.nextInt(10);
            if (style < 6) {
                int target = 30 + random.nextInt(60);
                String first = words[skewed(words.length)];
                line.append(Character.toUpperCase(first.charAt(0))).append(first, 1, first.length());
                while (line.length() < target) {
                    line.append(' ').append(words[skewed(words.length)]);
                }
                line.append(random.nextInt(4) == 0 ? ",\n" : ".\n");
            } else if (style < 8) {
                line.append(words[skewed(words.length)]).append('_').append(words[skewed(words.length)])
                        .append(" = ").append(random.nextInt(5) == 0 ? Integer.toString(random.nextInt(65536))
                                : words[skewed(words.length)]).append('\n');
            } else {
                line.append("/usr/share/").append(words[skewed(words.length)]).append('/')
                        .append(words[skewed(words.length)]).append('-').append(random.nextInt(10)).append('.')
                        .append(random.nextInt(40)).append(".tar.gz\n");
            }
            byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
            int n = Math.min(bytes.length, end - i);
            System.arraycopy(bytes, 0, b, i, n);
            i += n;
        }
    }
}
