package org.virtbench.plan;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How much memory each of n guests gets: {@code min(cap, total / n)}, rounded down to a whole
 * mebibyte, the shape of the paper's Table 4 ({@code min(2039 MiB, 3244 MiB / n)}: 2039, 1622,
 * 811, 405, 202 and 101 MiB for n = 1 to 32).
 *
 * <p>Written the same way on the command line ({@code --vm-memory}), in Maven configuration and in
 * {@link org.virtbench.annotations.ScaleVMs#memory()}:
 * <ul>
 *   <li>{@code paper}: the paper's Table 4, {@code total=3244MiB,cap=2039MiB}, whatever this host has;</li>
 *   <li>{@code default}: the same shape scaled to this host's memory: total and cap are the fractions
 *       3244/4096 and 2039/4096 of the host's memory, as they were of the paper's 4 GiB machine;</li>
 *   <li>{@code total=SIZE[,cap=SIZE]}: explicit sizes ({@link DataSize} forms such as {@code 12GiB});
 *       without a cap a guest may get the whole total.</li>
 * </ul>
 */
public sealed interface MemoryPolicy {
    /** Table 4's memory shared by the guests. */
    DataSize PAPER_TOTAL = DataSize.ofMebibytes(3244);
    /** Table 4's most a guest gets: the largest QEMU accepted in the paper's preliminary tests. */
    DataSize PAPER_CAP = DataSize.ofMebibytes(2039);
    /** The paper's machine's memory (4G of RAM), against which {@code default} scales. */
    DataSize PAPER_HOST = DataSize.ofMebibytes(4096);

    /** The paper's Table 4. */
    record Paper() implements MemoryPolicy {
        @Override
        public Sizes sizes(long hostBytes) {
            return new Sizes(PAPER_TOTAL.bytes(), PAPER_CAP.bytes());
        }

        @Override
        public String text() {
            return "paper";
        }
    }

    /** Table 4's shape scaled to the host's memory. */
    record HostScaled() implements MemoryPolicy {
        @Override
        public Sizes sizes(long hostBytes) {
            if (hostBytes <= 0) {
                throw new IllegalArgumentException("the host's memory must be positive, got " + hostBytes);
            }
            return new Sizes(scale(hostBytes, PAPER_TOTAL), scale(hostBytes, PAPER_CAP));
        }

        private static long scale(long hostBytes, DataSize paper) {
            return (long) ((double) hostBytes * paper.bytes() / PAPER_HOST.bytes());
        }

        @Override
        public String text() {
            return "default";
        }
    }

    /**
     * Explicit sizes.
     *
     * @param total the memory the n guests share
     * @param cap   the most one guest gets
     */
    record Fixed(DataSize total, DataSize cap) implements MemoryPolicy {
        public Fixed {
            Objects.requireNonNull(total, "total");
            Objects.requireNonNull(cap, "cap");
            if (total.mebibytes() < 1 || cap.mebibytes() < 1) {
                throw new IllegalArgumentException("total=" + total + ",cap=" + cap
                        + " gives a guest less than 1 MiB; give sizes of at least 1MiB");
            }
        }

        @Override
        public Sizes sizes(long hostBytes) {
            return new Sizes(total.bytes(), cap.bytes());
        }

        @Override
        public String text() {
            return total.equals(cap) ? "total=" + total : "total=" + total + ",cap=" + cap;
        }
    }

    /**
     * The sizes in force on a host.
     *
     * @param totalBytes shared by the n guests
     * @param capBytes   the most one guest gets
     */
    record Sizes(long totalBytes, long capBytes) {
    }

    /** Total and cap on a host of {@code hostBytes}. */
    Sizes sizes(long hostBytes);

    /** The policy as it is written: {@code paper}, {@code default} or {@code total=...,cap=...}. */
    String text();

    /**
     * Memory per guest when {@code guests} run at once: {@code min(cap, total / guests)} rounded down
     * to a whole mebibyte (so {@code paper} gives Table 4 exactly). 0 when the share is under 1 MiB.
     *
     * @param hostBytes the host's memory, which {@code default} scales to
     * @throws IllegalArgumentException when {@code guests < 1}
     */
    default long perGuestBytes(int guests, long hostBytes) {
        if (guests < 1) {
            throw new IllegalArgumentException("at least one guest, got " + guests);
        }
        Sizes s = sizes(hostBytes);
        long share = Math.min(s.capBytes(), s.totalBytes() / guests);
        return share >> 20 << 20;
    }

    /** The formula with this host's numbers, for the journal: {@code paper: min(2039 MiB, 3244 MiB / n)}. */
    default String describe(long hostBytes) {
        Sizes s = sizes(hostBytes);
        return text() + ": min(" + (s.capBytes() >> 20) + " MiB, " + (s.totalBytes() >> 20) + " MiB / n)";
    }

    /** The paper's Table 4. */
    static MemoryPolicy paper() {
        return new Paper();
    }

    /** Table 4's shape scaled to the host: the default. */
    static MemoryPolicy hostScaled() {
        return new HostScaled();
    }

    /**
     * Parses a policy as written on the command line or in an annotation.
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    static MemoryPolicy parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("paper")) {
            return paper();
        }
        if (lower.equals("default")) {
            return hostScaled();
        }
        Map<String, DataSize> sizes = new LinkedHashMap<>();
        for (String part : t.split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!key.equals("total") && !key.equals("cap")) {
                throw new IllegalArgumentException("'" + text + "' is not a memory policy; write paper, default, "
                        + "or total=SIZE[,cap=SIZE] such as total=3244MiB,cap=2039MiB");
            }
            if (sizes.put(key, DataSize.parse(part.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("'" + text + "' gives " + key + " twice; give it once");
            }
        }
        DataSize total = sizes.get("total");
        if (total == null) {
            throw new IllegalArgumentException("'" + text + "' has no total; write total=SIZE[,cap=SIZE] such as "
                    + "total=3244MiB,cap=2039MiB");
        }
        return new Fixed(total, sizes.getOrDefault("cap", total));
    }
}
