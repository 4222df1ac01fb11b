package org.virtbench.runner.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a process's output stream to its end on a thread of its own, so a chatty process never
 * blocks on a full pipe. The threads are pooled: creating two threads per command would add to
 * the per-command overhead that the transport's calibration reports.
 *
 * <p>A drain {@linkplain #watching watching} for a line reports when that line has gone by and
 * keeps it out of the text: the start gate's wrapper says it is ready that way.
 */
final class StreamDrain {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vb-drain");
        t.setDaemon(true);
        return t;
    });

    /**
     * After the process ended, how long a read that began before and has not returned may still
     * be about to deliver what the process wrote last (its thread woken but not yet run); past
     * it, the read is waiting on a pipe that only a daemon the command started holds open.
     */
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The most {@link #text()} waits: for a daemon that writes to the pipe without pause. */
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final BoundedOutput buffer;
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile boolean seen;
    /** Set once the process has ended: from then on the drain reads only what is there, never waits. */
    private volatile boolean ended;
    /** While a blocking read is under way; its start, for {@link #text()}. */
    private volatile boolean reading;
    private final Future<?> done;

    private StreamDrain(InputStream in, byte[] watched, BoundedOutput buffer) {
        this.buffer = buffer;
        if (watched == null) {
            decided.countDown();
        }
        done = THREADS.submit(() -> {
            try (in) {
                if (watched != null) {
                    seen = findLine(in, watched);
                    decided.countDown();
                }
                drain(in);
            } catch (IOException e) {
                // the process was killed: keep what was read
            } finally {
                decided.countDown();
            }
        });
    }

    /**
     * Reads to the end of the stream while the process runs; once it has ended, only what the
     * pipe holds (what the process wrote before it ended is there by then), so that a daemon the
     * command left holding the pipe open costs no wait.
     */
    private void drain(InputStream in) throws IOException {
        byte[] chunk = new byte[8192];
        while (true) {
            int n;
            if (ended) {
                int available = in.available();
                if (available <= 0) {
                    return;
                }
                n = in.read(chunk, 0, Math.min(available, chunk.length));
            } else {
                reading = true;
                try {
                    n = in.read(chunk);
                } finally {
                    reading = false;
                }
            }
            if (n < 0) {
                return;
            }
            buffer.write(chunk, 0, n);
        }
    }

    static StreamDrain start(InputStream in) {
        return start(in, new BoundedOutput());
    }

    /** A drain into {@code buffer} (one that spills into a cell's folder). */
    static StreamDrain start(InputStream in, BoundedOutput buffer) {
        return new StreamDrain(in, null, buffer);
    }

    /** A drain that reports when a line equal to {@code line} has been read, and keeps that line out. */
    static StreamDrain watching(InputStream in, String line) {
        return watching(in, line, new BoundedOutput());
    }

    /** {@link #watching(InputStream, String)} into {@code buffer}. */
    static StreamDrain watching(InputStream in, String line, BoundedOutput buffer) {
        return new StreamDrain(in, line.getBytes(StandardCharsets.UTF_8), buffer);
    }

    /** Reads whole lines into the buffer until one equals {@code watched}; false at the end of the stream. */
    private boolean findLine(InputStream in, byte[] watched) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean overlong = false;
        int b;
        while ((b = blockingRead(in)) >= 0) {
            if (b != '\n') {
                if (line.size() > watched.length) {
                    // longer than the watched line: not it, and a line without end must not grow here
                    synchronized (buffer) {
                        line.writeTo(buffer);
                    }
                    line.reset();
                    overlong = true;
                }
                line.write(b);
                continue;
            }
            if (!overlong && java.util.Arrays.equals(line.toByteArray(), watched)) {
                return true;
            }
            synchronized (buffer) {
                line.writeTo(buffer);
                buffer.write('\n');
            }
            line.reset();
            overlong = false;
        }
        synchronized (buffer) {
            line.writeTo(buffer);
        }
        return false;
    }

    private int blockingRead(InputStream in) throws IOException {
        reading = true;
        try {
            return in.read();
        } finally {
            reading = false;
        }
    }

    /**
     * Waits until the watched line has gone by or the stream ended, at most {@code nanos}.
     *
     * @return true when the line was seen
     */
    boolean awaitLine(long nanos) throws InterruptedException {
        return decided.await(nanos, TimeUnit.NANOSECONDS) && seen;
    }

    /**
     * The output kept, once the process has ended: waits for the drain to read what the pipe
     * holds, but not for the end of a pipe a daemon the command started still holds open.
     */
    String text() {
        ended = true;
        long bytes = -1;
        long settled = System.nanoTime();
        long limit = settled + LIMIT_NANOS;
        try {
            while (System.nanoTime() < limit) {
                try {
                    done.get(1, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    long now = System.nanoTime();
                    long read = buffer.size();
                    if (!reading || read != bytes) {
                        bytes = read; // still reading what is there: wait on
                        settled = now;
                    } else if (now - settled > SETTLE_NANOS) {
                        break; // blocked on a pipe that holds nothing: a daemon keeps it open
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the drain failed: keep what was read
        }
        return buffer.text();
    }
}
