package org.virtbench.runner.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interim memory policy: half the host's memory shared among the n guests, at most 2 GiB a
 * guest (the paper's Table 4 caps a guest near 2 GiB too). The scale work replaces it with the
 * paper's own policy.
 */
public final class HalfHostMemory implements MemoryPolicy {
    /** The most a guest gets. */
    public static final long CAP_BYTES = 2L << 30;

    private final long hostBytes;

    public HalfHostMemory(long hostBytes) {
        if (hostBytes <= 0) {
            throw new IllegalArgumentException("host memory must be positive: " + hostBytes);
        }
        this.hostBytes = hostBytes;
    }

    /** The policy for this machine, from {@code MemTotal} of {@code /proc/meminfo}. */
    public static HalfHostMemory ofThisHost() {
        try {
            Matcher m = Pattern.compile("MemTotal:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/meminfo")));
            if (m.find()) {
                return new HalfHostMemory(Long.parseLong(m.group(1)) * 1024);
            }
        } catch (IOException e) {
            // fall through to the JVM's view of the machine
        }
        return new HalfHostMemory(((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize());
    }

    @Override
    public long memoryPerGuest(int guests) {
        if (guests < 1) {
            throw new IllegalArgumentException("at least one guest, got " + guests);
        }
        return Math.min(CAP_BYTES, hostBytes / 2 / guests);
    }
}
