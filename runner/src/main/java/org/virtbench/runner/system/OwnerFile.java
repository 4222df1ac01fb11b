package org.virtbench.runner.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A small file that says which process owns a resource on the host (a build directory, a run's
 * containers), so a later run can tell leftovers of a dead process from the live work of another.
 * It holds the owner's pid and start instant: a pid alone could have been reused by an unrelated
 * process after a reboot or a long uptime.
 */
public final class OwnerFile {
    private OwnerFile() {
    }

    /** Writes the current process as the owner into {@code file}. */
    public static void claim(Path file) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        String start = self.info().startInstant().map(Instant::toString).orElse("-");
        Files.writeString(file, self.pid() + " " + start + "\n");
    }

    /**
     * True when the process recorded in {@code file} is still running; false when it is gone or
     * the file is missing or unreadable (callers that create the file after its directory cover
     * that window themselves).
     */
    public static boolean ownerAlive(Path file) {
        Optional<String> text;
        try {
            text = Optional.of(Files.readString(file).trim());
        } catch (IOException e) {
            text = Optional.empty();
        }
        if (text.isEmpty()) {
            return false;
        }
        String[] words = text.get().split("\\s+");
        long pid;
        try {
            pid = Long.parseLong(words[0]);
        } catch (NumberFormatException e) {
            return false;
        }
        return alive(pid, words.length < 2 ? "-" : words[1]);
    }

    /** True when process {@code pid} runs and, unless {@code startInstant} is {@code "-"}, started then. */
    public static boolean alive(long pid, String startInstant) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        if (startInstant.equals("-")) {
            return true;
        }
        // Same pid, different start: the pid was reused, the owner is gone.
        return handle.get().info().startInstant().map(Instant::toString).map(startInstant::equals).orElse(true);
    }
}
