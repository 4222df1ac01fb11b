package org.virtbench.runner.telemetry;

/**
 * Where CPU time went over a window, as fractions of all the ticks counted there (they sum to 1).
 * User includes nice; irq includes softirq.
 */
public record CpuSplit(double user, double system, double irq, double iowait, double steal, double idle) {
    /** The split of a difference of two readings; null when no tick passed. */
    public static CpuSplit of(CpuTimes delta) {
        double total = delta.total();
        if (total <= 0) {
            return null;
        }
        return new CpuSplit((delta.user() + delta.nice()) / total, delta.system() / total,
                (delta.irq() + delta.softirq()) / total, delta.iowait() / total, delta.steal() / total,
                delta.idle() / total);
    }

    /** Everything but idle and I/O wait. */
    public double busy() {
        return user + system + irq + steal;
    }
}
