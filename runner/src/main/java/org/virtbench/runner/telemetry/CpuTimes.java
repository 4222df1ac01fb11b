package org.virtbench.runner.telemetry;

/**
 * The all-CPU line of a kernel's {@code /proc/stat}, in clock ticks (USER_HZ). {@code guest} and
 * {@code guest_nice} are left out: the kernel already counts them in user and nice.
 */
public record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                       long steal) {
    /** Every tick the CPUs spent, in any state. */
    public long total() {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }

    /** This minus an earlier reading. */
    public CpuTimes minus(CpuTimes earlier) {
        return new CpuTimes(user - earlier.user, nice - earlier.nice, system - earlier.system, idle - earlier.idle,
                iowait - earlier.iowait, irq - earlier.irq, softirq - earlier.softirq, steal - earlier.steal);
    }
}
