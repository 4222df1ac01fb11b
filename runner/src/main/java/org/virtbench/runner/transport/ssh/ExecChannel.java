package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.virtbench.guest.GuestException;

/**
 * One exec channel: opened, its command sent, both output streams delivered to the caller's
 * sinks, and its end seen without polling delay. JSch closes the standard-error sink when the
 * channel closes, which happens after the exit status has arrived; a latch on that close wakes
 * the waiting thread at once, so the host's end timestamp is not rounded up to a poll interval.
 */
final class ExecChannel {
    /** How often the wait re-checks the channel in case the close signal was missed. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long a channel without exit status may wait for its session to be declared dead. */
    private static final long LOSS_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * How a channel ended.
     *
     * @param exitStatus the command's exit status, -1 when none came (killed by a signal, or lost)
     * @param startNanos host clock just before the channel was opened
     * @param endNanos   host clock when the channel's close was seen
     * @param timedOut   the limit passed first; the command may still run
     * @param lost       the session died before the command's exit status arrived
     */
    record Outcome(int exitStatus, long startNanos, long endNanos, boolean timedOut, boolean lost) {
    }

    private final Session session;
    private final ChannelExec channel;
    private final CountDownLatch closed;
    private final long startNanos;
    private final OutputStream input;

    private ExecChannel(Session session, ChannelExec channel, CountDownLatch closed, long startNanos,
                        OutputStream input) {
        this.input = input;
        this.session = session;
        this.channel = channel;
        this.closed = closed;
        this.startNanos = startNanos;
    }

    /**
     * Opens the channel and starts {@code exec}.
     *
     * @param stdin what the command reads; {@code null} for nothing (the channel's input stays open)
     * @throws GuestException when the channel cannot be opened (the session died, the server refused)
     */
    static ExecChannel open(Session session, String exec, InputStream stdin, OutputStream out, OutputStream err, String guest) {
        return open(session, exec, stdin, false, out, err, guest);
    }

    /**
     * Opens the channel and starts {@code exec} with a standard input the caller writes to
     * ({@link #input()}), such as the start gate's release.
     */
    static ExecChannel openWritable(Session session, String exec, OutputStream out, OutputStream err, String guest) {
        return open(session, exec, null, true, out, err, guest);
    }

    private static ExecChannel open(Session session, String exec, InputStream stdin, boolean writable,
                                    OutputStream out, OutputStream err, String guest) {
        CountDownLatch closed = new CountDownLatch(1);
        ChannelExec channel;
        try {
            channel = (ChannelExec) session.openChannel("exec");
        } catch (JSchException e) {
            throw new GuestException(guest + ": cannot open an SSH channel: " + e.getMessage(), e);
        }
        channel.setCommand(exec.getBytes(StandardCharsets.UTF_8));
        if (stdin != null) {
            channel.setInputStream(stdin, true);
        }
        channel.setOutputStream(out, true);
        channel.setErrStream(new CloseSignal(err, closed), false);
        OutputStream input = null;
        if (writable) {
            try {
                input = channel.getOutputStream();
            } catch (IOException e) {
                throw new GuestException(guest + ": cannot open an SSH channel's input: " + e.getMessage(), e);
            }
        }
        long start = System.nanoTime();
        try {
            // Without a timeout JSch sends the exec request without waiting for its reply: with
            // one, it waits for the reply in 10 ms sleeps, adding ~5 ms to every command. The
            // channel open itself is awaited either way (JSch gives up after 20 s); a refused exec
            // request shows as a channel closed without exit status.
            channel.connect();
        } catch (JSchException e) {
            channel.disconnect();
            String why = session.isConnected() ? e.getMessage() : "the session is gone (" + e.getMessage() + ")";
            throw new GuestException(guest + ": cannot start a command over SSH: " + why, e);
        }
        return new ExecChannel(session, channel, closed, start, input);
    }

    /** The command's standard input, when opened {@link #openWritable writable}. */
    OutputStream input() {
        if (input == null) {
            throw new IllegalStateException("this channel's input is not the caller's");
        }
        return input;
    }

    /** Host clock just before the channel was opened. */
    long startNanos() {
        return startNanos;
    }

    /** Waits for the channel to close or for {@code limit} (counted from the open) to pass. */
    Outcome await(Duration limit) throws InterruptedException {
        long deadline = startNanos + limit.toNanos();
        while (!channel.isClosed()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Outcome(-1, startNanos, System.nanoTime(), true, false);
            }
            closed.await(Math.min(left, RECHECK_NANOS), TimeUnit.NANOSECONDS);
        }
        long end = System.nanoTime();
        int status = channel.getExitStatus();
        if (status == -1) {
            // No exit status: the command died of a signal, or the session died. JSch closes a dead
            // session's channels before it marks the session down, so give it a moment to tell.
            long graceEnd = System.nanoTime() + LOSS_GRACE_NANOS;
            while (session.isConnected() && System.nanoTime() - graceEnd < 0) {
                Thread.sleep(10);
            }
        }
        return new Outcome(status, startNanos, end, false, status == -1 && !session.isConnected());
    }

    /** {@link #await} and {@link #close}. */
    Outcome awaitAndClose(Duration limit) throws InterruptedException {
        try {
            return await(limit);
        } finally {
            close();
        }
    }

    /** Closes the channel; the session stays. Safe to call more than once. */
    void close() {
        channel.disconnect();
    }

    /** Passes bytes through and counts a latch down when JSch closes the stream at the channel's end. */
    private static final class CloseSignal extends OutputStream {
        private final OutputStream target;
        private final CountDownLatch closed;

        CloseSignal(OutputStream target, CountDownLatch closed) {
            this.target = target;
            this.closed = closed;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
