package org.virtbench.runner.telemetry;

import java.util.List;

/**
 * One trial's measured window: from just before the guests were released to just after the last
 * one finished, on the host's clock.
 *
 * @param windowNanos       the window's length
 * @param cpus              the host's online CPUs
 * @param host              where the host's CPU time went in the window, over {@code cpus x window};
 *                          what /proc/stat did not count is its {@code uncounted} part
 * @param accounted         the ticks the host's /proc/stat counted in the window over
 *                          {@code cpus x USER_HZ x window}: 1.0 when its fields cover the window whole
 * @param contextSwitchesPerSecond the host's context switches per second in the window
 * @param interruptsPerSecond the host's interrupts per second in the window: each wake-up from
 *                          idle is one, and they are what /proc/stat leaves uncounted
 * @param pressure          stall shares in the window; null when the host has no /proc/pressure
 * @param memAvailableMinBytes the least {@code MemAvailable} seen at the window's edges
 * @param guests            each guest, by index
 */
public record TrialTelemetry(int attempt, int trial, boolean discarded, long windowNanos, int cpus, CpuSplit host,
                             double accounted, double contextSwitchesPerSecond, double interruptsPerSecond,
                             PressureShares pressure,
                             long memAvailableMinBytes, List<GuestShare> guests) {
    public TrialTelemetry {
        guests = List.copyOf(guests);
    }

    /**
     * Pressure over the window: the share of it that tasks stalled (from the {@code total}
     * counters), and {@code avg10} at its end, in percent as the kernel writes it.
     */
    public record PressureShares(double cpuSome, double ioSome, Double ioFull, double memorySome, Double memoryFull,
                                 double cpuSomeAvg10, double ioSomeAvg10, double memorySomeAvg10) {
    }

    /**
     * A guest in the window.
     *
     * @param source          where it was watched from outside, or why it was not
     * @param cpuSeconds      CPU time it used in the window, seen from outside; null when not watched
     * @param hostCpuFraction that over the host's capacity ({@code cpus x window})
     * @param shareOfGuests   its part of the CPU time all watched guests used; fair is {@code 1/n}
     * @param fairShare       {@code 1/n}
     * @param memoryPeakBytes the most it ever held (cgroup peak or process high-water mark)
     * @param ioBytes         block I/O it did in the window
     * @param inside          its own kernel's /proc/stat over the window, steal included; null when
     *                        it shares the host's kernel or could not be read
     * @param insideNote      why {@code inside} is null; null when it is not
     */
    public record GuestShare(int guest, String source, Double cpuSeconds, Double hostCpuFraction,
                             Double shareOfGuests, double fairShare, Long memoryBytes, Long memoryPeakBytes,
                             Long ioBytes, CpuSplit inside, String insideNote) {
    }
}
