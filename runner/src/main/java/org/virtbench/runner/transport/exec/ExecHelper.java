package org.virtbench.runner.transport.exec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One running exec helper ({@code vb-exec}) and its two streams: requests written to it, frames
 * read back. One command at a time; a pool ({@link ExecHelperPool}) holds as many as a guest runs
 * at once.
 *
 * <p>The helper stamps each command with its own {@code CLOCK_MONOTONIC}. When the helper runs on
 * the host's kernel (host and LXC guests) that is the clock of {@link System#nanoTime()}, which the
 * hello frame's stamp shows: {@link #sameClock()} is then true and the stamps are host stamps.
 */
public final class ExecHelper implements AutoCloseable {
    /** The protocol version this side speaks. */
    static final int VERSION = 2;
    /** Beyond a command's own timeout (which the helper enforces), how long before the helper is presumed hung. */
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final int MAX_FRAME = 1 << 20;
    /** How often a running command's caller is checked for an interrupt. */
    private static final long WATCH_MILLIS = 100;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vb-exec-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final String name;
    private final DataInputStream in;
    private final OutputStream out;
    private final Runnable destroy;
    private final boolean sameClock;
    private volatile boolean dead;

    private ExecHelper(String name, DataInputStream in, OutputStream out, Runnable destroy, boolean sameClock) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.destroy = destroy;
        this.sameClock = sameClock;
    }

    /**
     * Takes over a helper that has just been started: reads its hello frame.
     *
     * @param startedNanos {@link System#nanoTime()} taken just before the helper was started
     * @param fromHelper the helper's standard output
     * @param toHelper   the helper's standard input
     * @param destroy    ends the helper (and whatever carries its streams) for good
     * @throws HelperDiedException when no valid hello arrives within {@code startTimeout}
     */
    public static ExecHelper attach(String name, long startedNanos, InputStream fromHelper, OutputStream toHelper,
                                    Runnable destroy, Duration startTimeout) throws HelperDiedException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(fromHelper, 1 << 16));
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(destroy, startTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            int type = in.read();
            int length = in.readInt();
            if (type != 'H' || length != 12) {
                throw new HelperDiedException(name + ": exec helper sent no hello (frame " + type + ")");
            }
            int version = in.readInt();
            long stamp = in.readLong();
            long after = System.nanoTime();
            if (version != VERSION) {
                throw new HelperDiedException(name + ": exec helper speaks version " + version + ", not " + VERSION);
            }
            boolean sameClock = stamp >= startedNanos && stamp <= after;
            return new ExecHelper(name, in, new BufferedOutputStream(toHelper, 1 << 16), destroy, sameClock);
        } catch (IOException e) {
            destroy.run();
            throw e instanceof HelperDiedException d ? d
                    : new HelperDiedException(name + ": exec helper did not start: "
                    + (e instanceof EOFException ? "it ended before its hello" : e.getMessage()), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** True when the helper's stamps are on this JVM's {@link System#nanoTime()} clock. */
    public boolean sameClock() {
        return sameClock;
    }

    /** False once the helper died or was closed: it takes no more commands. */
    public boolean alive() {
        return !dead;
    }

    /**
     * Runs one command and copies its output, as it comes, to {@code stdout} and {@code stderr}.
     *
     * @throws HelperDiedException when the helper ends (or is killed as hung) before the outcome;
     *                             the helper is then dead, and the command's fate unknown unless the
     *                             helper ended before it took the request
     *                             ({@link HelperDiedException#commandMayHaveRun()} false)
     */
    public synchronized ExecOutcome exec(ExecRequest request, OutputStream stdout, OutputStream stderr)
            throws HelperDiedException {
        if (dead) {
            throw new HelperDiedException(name + ": exec helper already ended");
        }
        // A read of the helper's pipe does not notice an interrupt: a watch does, and then kills the
        // helper (and the command) as the JDK's Process.waitFor would, as it does a helper that hangs.
        Thread caller = Thread.currentThread();
        boolean limited = !request.timeout().isZero() && !request.timeout().isNegative();
        long hangAt = System.nanoTime() + (limited ? request.timeout().plus(GRACE).toNanos() : 0);
        ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> {
            if (caller.isInterrupted() || (limited && System.nanoTime() - hangAt > 0)) {
                kill();
            }
        }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        boolean accepted = false;
        try {
            out.write(request.frame());
            out.flush();
            byte[] buffer = new byte[1 << 16];
            while (true) {
                int type = in.read();
                if (type < 0) {
                    throw new EOFException("end of stream");
                }
                int length = in.readInt();
                if (length < 0 || length > MAX_FRAME) {
                    throw new IOException("frame of " + length + " bytes");
                }
                if (!accepted) {
                    if (type != 'A' || length != 0) {
                        throw new IOException("frame " + type + " before the request was accepted");
                    }
                    accepted = true;
                    continue;
                }
                switch (type) {
                    case 'O' -> copy(length, buffer, stdout);
                    case 'E' -> copy(length, buffer, stderr);
                    case 'X' -> {
                        if (length != 21) {
                            throw new IOException("outcome frame of " + length + " bytes");
                        }
                        ExecOutcome.Kind kind = ExecOutcome.Kind.of(in.readUnsignedByte());
                        return new ExecOutcome(kind, in.readInt(), in.readLong(), in.readLong());
                    }
                    default -> throw new IOException("unknown frame type " + type);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            kill();
            if (caller.isInterrupted()) {
                throw new HelperDiedException(name + ": interrupted while running " + request.argv()
                        + "; the command and its helper were killed", e);
            }
            if (!accepted) {
                throw HelperDiedException.beforeAccepting(name + ": exec helper ended before it took "
                        + request.argv() + " (not started): " + e.getMessage(), e);
            }
            throw new HelperDiedException(name + ": exec helper ended while running " + request.argv() + ": "
                    + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private void copy(int length, byte[] buffer, OutputStream sink) throws IOException {
        int left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, Math.min(left, buffer.length));
            if (n < 0) {
                throw new EOFException("end of stream inside a frame");
            }
            sink.write(buffer, 0, n);
            left -= n;
        }
    }

    private void kill() {
        dead = true;
        destroy.run();
    }

    /** Ends the helper: its input closes, so it exits after the command it runs, and it is destroyed. */
    @Override
    public void close() {
        dead = true;
        try {
            out.close();
        } catch (IOException e) {
            // gone already
        }
        destroy.run();
    }

    @Override
    public String toString() {
        return name + " exec helper";
    }
}
