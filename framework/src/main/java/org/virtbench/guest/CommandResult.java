package org.virtbench.guest;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What a finished command left: its exit code, both output streams, and when it ran on the host's
 * monotonic clock ({@link System#nanoTime()}).
 *
 * @param command         the command as run, quoted, for messages
 * @param exitCode        the exit status
 * @param stdout          standard output, decoded as UTF-8
 * @param stderr          standard error, decoded as UTF-8
 * @param hostStartNanos  host monotonic clock when the command was started
 * @param hostEndNanos    host monotonic clock when its exit was seen
 * @param guestElapsedNanos the elapsed time the guest's own monotonic clock saw, where the transport reads it
 */
public record CommandResult(String command, int exitCode, String stdout, String stderr,
                            long hostStartNanos, long hostEndNanos, OptionalLong guestElapsedNanos) {

    public CommandResult {
        if (hostEndNanos < hostStartNanos) {
            throw new IllegalArgumentException("command ended before it started");
        }
    }

    /** True when the exit status is 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** The elapsed time on the host's clock. */
    public Duration elapsed() {
        return Duration.ofNanos(hostEndNanos - hostStartNanos);
    }

    /** Both streams, stdout first: what a parser or a failure message wants to see. */
    public String output() {
        if (stderr.isEmpty()) {
            return stdout;
        }
        if (stdout.isEmpty()) {
            return stderr;
        }
        return stdout + (stdout.endsWith("\n") ? "" : "\n") + stderr;
    }

    /**
     * Returns this result when the command succeeded.
     *
     * @throws CommandFailedException with both streams when the exit status is not 0
     */
    public CommandResult requireSuccess() {
        if (!ok()) {
            throw new CommandFailedException(this);
        }
        return this;
    }
}
