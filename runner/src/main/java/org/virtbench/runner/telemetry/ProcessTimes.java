package org.virtbench.runner.telemetry;

/**
 * User and system time of a process from {@code /proc/PID/stat}, in clock ticks.
 */
record ProcessTimes(long utime, long stime) {
    /**
     * Parses the stat line. The command name (field 2) may hold spaces and parentheses, so the
     * fields are counted from the last closing parenthesis.
     */
    static ProcessTimes parse(String stat) {
        String rest = stat.substring(stat.lastIndexOf(')') + 2);
        String[] f = rest.trim().split("\\s+");
        // rest starts at field 3 (state): utime is field 14, stime field 15
        return new ProcessTimes(Long.parseLong(f[11]), Long.parseLong(f[12]));
    }

    long cpuNanos() {
        return (utime + stime) * (1_000_000_000L / ClockTicks.perSecond());
    }
}
