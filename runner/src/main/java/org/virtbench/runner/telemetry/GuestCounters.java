package org.virtbench.runner.telemetry;

/**
 * A guest's counters seen from outside at one moment; what a source cannot tell is null.
 *
 * @param cpuNanos         CPU time used since the guest started, user and system
 * @param memoryBytes      memory charged now (cgroup) or resident (process)
 * @param memoryPeakBytes  the most ever charged or resident
 * @param ioBytes          bytes read and written to block devices since the guest started
 */
public record GuestCounters(long cpuNanos, Long memoryBytes, Long memoryPeakBytes, Long ioBytes) {
}
