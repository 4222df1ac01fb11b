package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.virtbench.runner.system.Processes;
import org.virtbench.runner.system.RunFolder;
import org.virtbench.runner.transport.HostCommands;

/**
 * Everything one provisioning creates on the host, in one folder {@code <root>/run-<id>/}: the
 * guests' overlays and QEMU pid files, the list of tap devices ({@value #TAPS}) and the owner
 * ({@link RunFolder}: process id and start time of the JVM). A run killed with SIGKILL cannot clean
 * up; the next provisioning's {@link #sweep} finds its folder, sees that its owner is gone, kills
 * its QEMU processes, removes its taps and deletes the folder.
 */
final class RunDirectory {
    static final String TAPS = "taps";
    private static final String PREFIX = "run-";

    private final RunFolder folder;

    private RunDirectory(RunFolder folder) {
        this.folder = folder;
    }

    /** Creates a new run folder owned by this process. */
    static RunDirectory create(Path root) throws IOException {
        return new RunDirectory(RunFolder.createUnique(root, PREFIX));
    }

    /** Six hex digits, unique among live runs; used in tap names, which may have 15 characters. */
    String id() {
        return folder.name().substring(PREFIX.length());
    }

    Path path() {
        return folder.path();
    }

    Path resolve(String name) {
        return folder.path().resolve(name);
    }

    /** Notes a tap device before it is created, so a sweep removes it even if this process dies at once. */
    void recordTap(String tap) throws IOException {
        Files.writeString(resolve(TAPS), tap + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Deletes the folder and everything in it. */
    void delete() {
        HostCommands.run("rm", "-rf", "--one-file-system", path().toString());
    }

    /**
     * Cleans up after every run under {@code root} whose owner no longer runs.
     *
     * @return the run folders swept
     */
    static List<Path> sweep(Path root) {
        return RunFolder.sweep(root, PREFIX + "*", RunDirectory::clean);
    }

    /** Kills the run's QEMU processes, removes its taps and deletes its folder. */
    static void clean(Path run) {
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(run, "*.pid")) {
            for (Path pidFile : pidFiles) {
                killIfOurs(pidFile, run);
            }
        } catch (IOException e) {
            // nothing to kill
        }
        try {
            List<String> taps = Files.readAllLines(run.resolve(TAPS));
            for (String tap : taps) {
                if (!tap.isBlank() && Files.exists(Path.of("/sys/class/net", tap.trim()))) {
                    HostCommands.run("ip", "link", "del", tap.trim());
                }
            }
        } catch (IOException e) {
            // no taps recorded
        }
        HostCommands.run("rm", "-rf", "--one-file-system", run.toString());
    }

    /** Kills the process of a pid file, but only if its command line names this run's folder: pids are reused. */
    static void killIfOurs(Path pidFile, Path run) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (!Processes.mentions(Processes.commandLine(Path.of("/proc", Long.toString(pid))), run.toString())) {
                return;
            }
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // it is dying or it is gone
                }
            });
        } catch (IOException | NumberFormatException e) {
            // no such process any more
        }
    }
}
