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

    private final BoundedOutput buffer = new BoundedOutput();
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile boolean seen;
    private final Future<?> done;

    private StreamDrain(InputStream in, byte[] watched) {
        if (watched == null) {
            decided.countDown();
        }
        done = THREADS.submit(() -> {
            try (in) {
                if (watched != null) {
                    seen = findLine(in, watched);
                    decided.countDown();
                }
                in.transferTo(buffer);
            } catch (IOException e) {
                // the process was killed: keep what was read
            } finally {
                decided.countDown();
            }
        });
    }

    static StreamDrain start(InputStream in) {
        return new StreamDrain(in, null);
    }

    /** A drain that reports when a line equal to {@code line} has been read, and keeps that line out. */
    static StreamDrain watching(InputStream in, String line) {
        return new StreamDrain(in, line.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads whole lines into the buffer until one equals {@code watched}; false at the end of the stream. */
    private boolean findLine(InputStream in, byte[] watched) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean overlong = false;
        int b;
        while ((b = in.read()) >= 0) {
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

    /**
     * Waits until the watched line has gone by or the stream ended, at most {@code nanos}.
     *
     * @return true when the line was seen
     */
    boolean awaitLine(long nanos) throws InterruptedException {
        return decided.await(nanos, TimeUnit.NANOSECONDS) && seen;
    }

    String text() {
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a daemon the command started still holds the pipe: keep what was read
        }
        return buffer.text();
    }
}
