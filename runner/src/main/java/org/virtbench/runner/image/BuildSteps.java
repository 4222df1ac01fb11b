package org.virtbench.runner.image;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.virtbench.guest.Shell;
import org.virtbench.runner.system.Processes;

/**
 * Runs the commands of one image build, each appended with its output to the build's log, one at
 * a time, and can stop the running one from another thread (a shutdown hook on Ctrl-C). Commands
 * get a fixed, minimal environment rather than the caller's: what a build does must not depend on
 * who started it.
 */
final class BuildSteps {
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "DEBIAN_FRONTEND", "noninteractive",
            "LC_ALL", "C",
            "HOME", "/root");
    private static final Duration TIMEOUT = Duration.ofMinutes(40);
    private static final int LOG_LINES_IN_ERROR = 25;

    private final Path log;
    private Process running;
    private boolean abandoned;

    BuildSteps(Path log) {
        this.log = log;
    }

    /** Runs a host command that must succeed. */
    void host(String... argv) {
        run(List.of(argv));
    }

    /** Runs a command inside {@code rootfs} through {@code chroot}; it must succeed. */
    void chroot(Path rootfs, String... argv) {
        List<String> all = new ArrayList<>(List.of("chroot", rootfs.toString()));
        all.addAll(List.of(argv));
        run(all);
    }

    private void run(List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(ENVIRONMENT);
        Process process;
        synchronized (this) {
            if (abandoned) {
                throw new ImageException("image build interrupted");
            }
            try {
                Files.writeString(log, "$ " + Shell.join(argv) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                process = builder.start();
            } catch (IOException e) {
                throw new ImageException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
            }
            running = process;
        }
        boolean finished;
        try {
            finished = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new ImageException("image build interrupted during " + Shell.join(argv), e);
        } finally {
            synchronized (this) {
                running = null;
            }
        }
        if (!finished) {
            kill(process);
            throw new ImageException(Shell.join(argv) + " ran longer than " + TIMEOUT.toMinutes() + " minutes\n" + tail());
        }
        if (process.exitValue() != 0) {
            throw new ImageException(Shell.join(argv) + " failed with status " + process.exitValue()
                    + "; the end of the build log:\n" + tail());
        }
    }

    /** Kills the running command, if any, and refuses to start another. */
    synchronized void abandon() {
        abandoned = true;
        if (running != null) {
            kill(running);
        }
    }

    private static void kill(Process process) {
        Processes.killTree(process, Duration.ofSeconds(10));
    }

    /** The last lines of the log, for an error message. */
    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERROR), lines.size()));
        } catch (IOException e) {
            return "(the build log " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }
}
