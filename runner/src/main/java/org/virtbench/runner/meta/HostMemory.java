package org.virtbench.runner.meta;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** This host's memory, which the {@code default} memory policy scales to. */
public final class HostMemory {
    private HostMemory() {
    }

    /** {@code MemTotal} of {@code /proc/meminfo}, else the JVM's view of the machine, in bytes. */
    public static long totalBytes() {
        try {
            Matcher m = Pattern.compile("MemTotal:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/meminfo")));
            if (m.find()) {
                return Long.parseLong(m.group(1)) * 1024;
            }
        } catch (IOException e) {
            // fall through to the JVM's view of the machine
        }
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
    }
}
