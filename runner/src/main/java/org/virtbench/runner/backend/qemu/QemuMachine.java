package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.virtbench.backend.BackendException;
import org.virtbench.runner.system.TextFiles;

/**
 * One running QEMU process, a child of this JVM: its standard output and error go to a log file,
 * its serial console to another (see {@link QemuCommandLine}).
 */
final class QemuMachine {
    private final String name;
    private final Process process;
    private final long startNanos;
    private final Path log;
    private final Path console;

    private QemuMachine(String name, Process process, long startNanos, Path log, Path console) {
        this.name = name;
        this.process = process;
        this.startNanos = startNanos;
        this.log = log;
        this.console = console;
    }

    /** Starts QEMU. */
    static QemuMachine start(QemuCommandLine commandLine, Path log) {
        ProcessBuilder builder = new ProcessBuilder(commandLine.argv())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        long start = System.nanoTime();
        try {
            return new QemuMachine(commandLine.name(), builder.start(), start, log, commandLine.console());
        } catch (IOException e) {
            throw new BackendException("cannot start " + QemuCommandLine.QEMU + " for " + commandLine.name() + ": " + e.getMessage()
                    + "; install Debian's qemu-system-x86", e);
        }
    }

    String name() {
        return name;
    }

    /** Host monotonic clock just before the process was started. */
    long startNanos() {
        return startNanos;
    }

    /** The QEMU process's id, for telemetry from outside. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** How much of the console's end is read: the boot's markers are in its last lines. */
    private static final int CONSOLE_BYTES = 1 << 20;

    /** The guest's console so far (its last MiB, what is not UTF-8 as U+FFFD); empty before QEMU created the file. */
    String console() {
        try {
            return TextFiles.tail(console, CONSOLE_BYTES);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last lines of QEMU's own output and of the console, for an error message. */
    String diagnosis() {
        String own;
        try {
            own = TextFiles.tail(log, 64 << 10);
        } catch (IOException e) {
            own = "";
        }
        StringBuilder text = new StringBuilder();
        if (!process.isAlive()) {
            text.append("QEMU exited with status ").append(process.exitValue()).append(". ");
        }
        if (!own.isBlank()) {
            text.append("QEMU said: ").append(tail(own, 800)).append(' ');
        }
        text.append("Console (").append(console).append("): ").append(tail(console(), 1500));
        return text.toString();
    }

    private static String tail(String text, int chars) {
        String t = text.strip();
        return t.length() <= chars ? t : "..." + t.substring(t.length() - chars);
    }

    /** Asks QEMU to quit (SIGTERM); see {@link #awaitOrKill}. */
    void terminate() {
        process.destroy();
    }

    /** Waits up to {@code grace} for QEMU to exit, then kills it (SIGKILL) and waits for that. */
    void awaitOrKill(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
