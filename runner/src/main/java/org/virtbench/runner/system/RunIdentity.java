package org.virtbench.runner.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who made a resource on this host: a random id, drawn once per process, plus the process id, its
 * start time and the kernel's boot id. Host names and pids repeat (two machines of one name, a pid
 * reused after a reboot or a long uptime); all four together do not, so a sweep never takes a
 * live run's resources for leftovers, nor spares a dead run's.
 *
 * @param runId  16 random hex digits, the same for everything this process makes
 * @param pid    the process id
 * @param start  the process's start time, ISO-8601; {@code "-"} when the system does not tell (owner
 *               files of earlier versions hold epoch milliseconds here, which are understood too)
 * @param bootId the kernel's boot id ({@code /proc/sys/kernel/random/boot_id}); {@code "-"} when unknown
 */
public record RunIdentity(String runId, long pid, String start, String bootId) {
    private static final RunIdentity CURRENT = create();

    /** This process. */
    public static RunIdentity current() {
        return CURRENT;
    }

    private static RunIdentity create() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        ProcessHandle self = ProcessHandle.current();
        return new RunIdentity(HexFormat.of().formatHex(bytes), self.pid(), startOf(self), currentBootId());
    }

    /** The kernel's boot id; {@code "-"} when it cannot be read. */
    public static String currentBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        } catch (IOException e) {
            return "-";
        }
    }

    private static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString).orElse("-");
    }

    /**
     * True while the process this identity names runs: same boot, a live process of that pid,
     * started at the recorded time (a pid reused by another process does not count).
     */
    public boolean alive() {
        if (!bootId.equals("-") && !CURRENT.bootId.equals("-") && !bootId.equals(CURRENT.bootId)) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        if (start.matches("\\d+")) {
            // the owner files before run identities: epoch milliseconds, 0 when unknown
            long millis = Long.parseLong(start);
            return millis == 0 || handle.get().info().startInstant().map(i -> i.toEpochMilli() == millis).orElse(true);
        }
        String now = startOf(handle.get());
        return start.equals("-") || now.equals("-") || now.equals(start);
    }
}
