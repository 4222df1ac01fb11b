package org.virtbench.runner.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The host at one moment: its CPU ticks, context switches, available memory and pressure.
 *
 * @param nanos             host monotonic clock ({@link System#nanoTime()}) when read
 * @param stat              {@code /proc/stat}
 * @param memAvailableBytes {@code MemAvailable} of {@code /proc/meminfo}
 * @param pressure          {@code /proc/pressure}; null when this kernel has none
 */
public record HostSnapshot(long nanos, ProcStat stat, long memAvailableBytes, HostPressure pressure) {
    /** Where the kernel keeps them; a test may point elsewhere. */
    static final Path PROC = Path.of("/proc");

    /**
     * The three pressure files.
     *
     * @param memory null when the kernel reports no memory pressure (none of the three is then read)
     */
    public record HostPressure(Pressure cpu, Pressure io, Pressure memory) {
    }

    /** Why there is no pressure on this host, or empty when there is. */
    public static Optional<String> pressureAbsent() {
        return Files.isReadable(PROC.resolve("pressure/cpu")) ? Optional.empty()
                : Optional.of("this kernel has no /proc/pressure (built without CONFIG_PSI, or booted with psi=0)");
    }

    /**
     * Reads the host now.
     *
     * @throws IOException when /proc/stat or /proc/meminfo cannot be read (not Linux)
     */
    public static HostSnapshot read() throws IOException {
        long now = System.nanoTime();
        ProcStat stat = ProcStat.parse(Files.readString(PROC.resolve("stat")))
                .orElseThrow(() -> new IOException("/proc/stat holds no cpu line"));
        return new HostSnapshot(now, stat, memAvailable(Files.readString(PROC.resolve("meminfo"))), readPressure());
    }

    private static HostPressure readPressure() {
        try {
            return new HostPressure(readPressure("cpu"), readPressure("io"), readPressure("memory"));
        } catch (IOException e) {
            return null; // no /proc/pressure: recorded once per cell as absent, with why
        }
    }

    private static Pressure readPressure(String resource) throws IOException {
        return Pressure.parse(Files.readString(PROC.resolve("pressure").resolve(resource)))
                .orElseThrow(() -> new IOException("unreadable /proc/pressure/" + resource));
    }

    /** {@code MemAvailable} in bytes; 0 on a kernel older than 3.14 that lacks it. */
    static long memAvailable(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemAvailable:")) {
                String[] f = line.trim().split("\\s+");
                return Long.parseLong(f[1]) * 1024;
            }
        }
        return 0;
    }
}
