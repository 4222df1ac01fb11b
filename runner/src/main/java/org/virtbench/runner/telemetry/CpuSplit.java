package org.virtbench.runner.telemetry;

/**
 * Where CPU time went over a window, as fractions that sum to 1. User includes nice; irq includes
 * softirq.
 *
 * <p>{@code uncounted} is the part of the host's capacity ({@code cpus x window}) that
 * /proc/stat books in none of its fields. On a tickless kernel (NO_HZ) with tick-based CPU
 * accounting, idle and iowait are timed precisely while the CPU sleeps, but user, system and irq
 * are 1/HZ samples taken by the tick; a tick that lands in the idle task outside its sleep (an
 * interrupt taken from idle, the wake-up path back to a task) is booked to the tick-based idle
 * counter that /proc/stat no longer shows. So the fields fall short of the window by about the
 * time CPUs spend waking from idle: nothing on a CPU burner, several percent on a direct-I/O
 * writer that wakes a CPU thousands of times a second. That time is kernel work; it is kept apart
 * rather than spread over the other parts because no field says which.
 *
 * @param uncounted the window's CPU time /proc/stat did not count; 0 for a split over ticks only
 */
public record CpuSplit(double user, double system, double irq, double iowait, double steal, double idle,
                       double uncounted) {
    /** The split of a difference of two readings, over the ticks counted; null when no tick passed. */
    public static CpuSplit of(CpuTimes delta) {
        return over(delta, delta.total());
    }

    /**
     * The split of a difference of two readings over the host's capacity in the window: what the
     * fields fall short of it is {@code uncounted}. Each CPU's count is read in whole ticks at
     * each edge, so a count within {@code 2 x cpus} ticks of the capacity (above or below) is that
     * rounding: it is split over the ticks, with nothing uncounted. A window of a few ticks is
     * all rounding.
     *
     * @param capacityTicks {@code cpus x USER_HZ x window}
     * @return null when no tick passed
     */
    public static CpuSplit ofWindow(CpuTimes delta, double capacityTicks, int cpus) {
        double shortfall = capacityTicks - delta.total();
        return over(delta, shortfall > 2.0 * cpus ? capacityTicks : delta.total());
    }

    private static CpuSplit over(CpuTimes delta, double whole) {
        double total = delta.total();
        if (total <= 0 || whole <= 0) {
            return null;
        }
        return new CpuSplit((delta.user() + delta.nice()) / whole, delta.system() / whole,
                (delta.irq() + delta.softirq()) / whole, delta.iowait() / whole, delta.steal() / whole,
                delta.idle() / whole, (whole - total) / whole);
    }

    /** Everything but idle, I/O wait and what /proc/stat did not count. */
    public double busy() {
        return user + system + irq + steal;
    }

    /** The parts' sum: 1 up to rounding. */
    public double sum() {
        return user + system + irq + iowait + steal + idle + uncounted;
    }
}
