package org.virtbench.runner.backend.host;

import org.virtbench.runner.system.Processes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.virtbench.backend.BackendException;

/**
 * One provisioning's directory under the host backend's root, holding the guests' work
 * directories and an {@value #OWNER} file naming the process that made it (pid and start time),
 * so that a later run can clean up after a campaign that was killed with SIGKILL.
 */
final class RunDirectory {
    static final String OWNER = ".owner";

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    static RunDirectory create(Path path) {
        try {
            Files.createDirectories(path);
            Files.writeString(path.resolve(OWNER), ownerLine(ProcessHandle.current()));
            return new RunDirectory(path);
        } catch (IOException e) {
            throw new BackendException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** Removes the directory and all in it; what cannot be removed is left for the next sweep. */
    void remove() {
        deleteTree(path);
    }

    /** Removes the run directories whose owner process is gone, killing what still works in them. */
    static void sweepStale(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path run : runs) {
                Path owner = run.resolve(OWNER);
                if (Files.exists(owner) && !ownerAlive(Files.readString(owner).trim())) {
                    Processes.killUsing(run);
                    deleteTree(run);
                }
            }
        } catch (IOException e) {
            // nothing to sweep that can be read
        }
    }

    private static String ownerLine(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("0");
    }

    /** True when the pid runs and started when recorded: a pid reused by another process does not count. */
    private static boolean ownerAlive(String line) {
        String[] parts = line.split(" ");
        try {
            Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0]));
            return process.isPresent() && process.get().isAlive()
                    && (parts.length < 2 || ownerLine(process.get()).equals(line));
        } catch (NumberFormatException e) {
            return true; // not written by us: leave it alone
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the next sweep
                }
            });
        } catch (IOException e) {
            // left for the next sweep
        }
    }
}
