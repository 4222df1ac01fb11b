package org.virtbench.runner.telemetry;

import java.util.Optional;

/**
 * A kernel's {@code /proc/stat}, the parts telemetry uses.
 *
 * @param cpu             the all-CPU line
 * @param cpus            how many {@code cpuN} lines: the online CPUs
 * @param contextSwitches {@code ctxt}, since boot
 * @param interrupts      the first number of {@code intr}: every interrupt on every CPU since boot
 * @param bootTime        {@code btime}, seconds since the epoch: two readings with the same boot
 *                        time come from the same kernel
 */
public record ProcStat(CpuTimes cpu, int cpus, long contextSwitches, long interrupts, long bootTime) {
    /**
     * Parses the file's text.
     *
     * @return empty when the text holds no {@code cpu} line (not a /proc/stat)
     */
    public static Optional<ProcStat> parse(String text) {
        CpuTimes cpu = null;
        int cpus = 0;
        long ctxt = 0;
        long intr = 0;
        long btime = 0;
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 0) {
                continue;
            }
            if (f[0].equals("cpu") && f.length >= 5) {
                cpu = new CpuTimes(field(f, 1), field(f, 2), field(f, 3), field(f, 4), field(f, 5), field(f, 6),
                        field(f, 7), field(f, 8));
            } else if (f[0].startsWith("cpu")) {
                cpus++;
            } else if (f[0].equals("ctxt") && f.length > 1) {
                ctxt = Long.parseLong(f[1]);
            } else if (f[0].equals("intr") && f.length > 1) {
                intr = Long.parseLong(f[1]);
            } else if (f[0].equals("btime") && f.length > 1) {
                btime = Long.parseLong(f[1]);
            }
        }
        return cpu == null ? Optional.empty() : Optional.of(new ProcStat(cpu, Math.max(cpus, 1), ctxt, intr, btime));
    }

    /** A column that an old kernel may not have (steal came with 2.6.11): 0 when absent. */
    private static long field(String[] f, int i) {
        return i < f.length ? Long.parseLong(f[i]) : 0;
    }
}
