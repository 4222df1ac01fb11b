package org.virtbench.runner.backend.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds and kills processes whose working directory lies inside given directories, read from
 * {@code /proc/PID/cwd}. Workloads start daemons there (mariadbd, rsync --daemon) that no command
 * of the transport owns any more, so a process tree kill cannot reach them.
 */
public final class LeftoverProcesses {
    private static final int ROUNDS = 5;

    private LeftoverProcesses() {
    }

    /** The processes working inside any of {@code dirs}, this JVM excepted. */
    public static List<ProcessHandle> workingIn(List<Path> dirs) {
        List<Path> absolute = dirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path entry : proc) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                Optional<Path> cwd = cwd(entry);
                if (cwd.isPresent() && absolute.stream().anyMatch(d -> cwd.get().startsWith(d))) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /**
     * Kills (SIGKILL) every process working inside {@code dirs} and waits for each to go; repeats a
     * few rounds for a daemon that forks while it is being killed.
     */
    public static void killWorkingIn(List<Path> dirs) {
        for (int round = 0; round < ROUNDS; round++) {
            List<ProcessHandle> left = workingIn(dirs);
            if (left.isEmpty()) {
                return;
            }
            left.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : left) {
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // still there or not our child to reap: the next round looks again
                }
            }
        }
    }

    private static Optional<Path> cwd(Path procEntry) {
        try {
            String link = Files.readSymbolicLink(procEntry.resolve("cwd")).toString();
            // a removed directory reads as "PATH (deleted)"
            return Optional.of(Path.of(link.endsWith(" (deleted)") ? link.substring(0, link.length() - 10) : link));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean isPid(String name) {
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
