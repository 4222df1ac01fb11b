package org.virtbench.runner.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a guest can be watched from outside, on the host: the closed set of what backends offer.
 */
public sealed interface GuestView permits GuestView.Cgroup, GuestView.HostProcess {
    /** Reads the guest's counters now; empty when it is gone. */
    Optional<GuestCounters> read();

    /** What was read, for the telemetry file: {@code cgroup v1 ...} or {@code process 1234}. */
    String describe();

    /**
     * A container's cgroup. On a cgroup v1 host the controllers are separate hierarchies
     * ({@code cpuacct}, {@code memory}, {@code blkio}); on v2 the three are one directory.
     *
     * @param v2     true for a unified (v2) cgroup
     * @param cpu    the cpuacct (v1) or unified (v2) directory
     * @param memory the memory (v1) directory, or the unified one; null without a memory controller
     * @param io     the blkio (v1) directory, or the unified one; null without one
     */
    record Cgroup(boolean v2, Path cpu, Path memory, Path io) implements GuestView {
        @Override
        public Optional<GuestCounters> read() {
            try {
                long cpuNanos = v2 ? Cgroups.keyed(cpu.resolve("cpu.stat"), "usage_usec") * 1000
                        : Cgroups.number(cpu.resolve("cpuacct.usage"));
                Long current = null;
                Long peak = null;
                if (memory != null) {
                    current = Cgroups.optionalNumber(memory.resolve(v2 ? "memory.current" : "memory.usage_in_bytes"));
                    peak = Cgroups.optionalNumber(memory.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes"));
                }
                Long ioBytes = io == null ? null : v2 ? Cgroups.ioStatBytes(io.resolve("io.stat"))
                        : Cgroups.blkioBytes(io.resolve("blkio.throttle.io_service_bytes"));
                return Optional.of(new GuestCounters(cpuNanos, current, peak, ioBytes));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String describe() {
            return "cgroup " + (v2 ? "v2 " : "v1 ") + cpu;
        }
    }

    /**
     * A guest that is one host process, such as QEMU: its user and system CPU time over all its
     * threads, resident memory and I/O from {@code /proc/PID}.
     */
    record HostProcess(long pid) implements GuestView {
        @Override
        public Optional<GuestCounters> read() {
            Path dir = HostSnapshot.PROC.resolve(Long.toString(pid));
            try {
                ProcessTimes times = ProcessTimes.parse(Files.readString(dir.resolve("stat")));
                long rss = Cgroups.keyed(dir.resolve("status"), "VmRSS:") * 1024;
                long peak = Cgroups.keyed(dir.resolve("status"), "VmHWM:") * 1024;
                Long io = null;
                try {
                    io = Cgroups.keyed(dir.resolve("io"), "read_bytes:") + Cgroups.keyed(dir.resolve("io"), "write_bytes:");
                } catch (IOException | RuntimeException e) {
                    // /proc/PID/io needs the same user or root: CPU and memory still count
                }
                return Optional.of(new GuestCounters(times.cpuNanos(), rss, peak, io));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String describe() {
            return "process " + pid;
        }
    }
}
