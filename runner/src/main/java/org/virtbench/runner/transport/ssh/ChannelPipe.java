package org.virtbench.runner.transport.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded pipe from JSch's session thread (which writes what a channel receives) to whichever
 * thread reads it next. JSch's own channel stream is a {@link java.io.PipedInputStream}, which
 * refuses a write once the thread that last read it has ended ("Read end dead"), and JSch then
 * closes the channel: an exec helper that provisioning used from a worker thread lost its channel
 * as soon as the next command's answer arrived before the new reader had started to wait (seen on
 * a loaded machine, SshCleanTest). This pipe knows nothing of threads.
 */
final class ChannelPipe {
    /** What may wait unread; beyond it the session thread waits, as it does for JSch's own pipe. */
    private static final int CAPACITY = 1 << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final byte[] buffer = new byte[CAPACITY];
    private int head;
    private int size;
    private boolean writerClosed;
    private boolean readerClosed;

    private final InputStream in = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (size == 0 && !writerClosed && !readerClosed) {
                    changed.await();
                }
                if (readerClosed) {
                    throw new IOException("the pipe is closed");
                }
                if (size == 0) {
                    return -1;
                }
                int n = Math.min(len, Math.min(size, CAPACITY - head));
                System.arraycopy(buffer, head, b, off, n);
                head = (head + n) % CAPACITY;
                size -= n;
                changed.signalAll();
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading an SSH channel");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return size;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                readerClosed = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    };

    private final OutputStream out = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            lock.lock();
            try {
                while (len > 0) {
                    while (size == CAPACITY && !readerClosed) {
                        changed.await();
                    }
                    if (readerClosed || writerClosed) {
                        // nobody reads any more: what the channel still sends is dropped, not an error
                        // that would make JSch close the session's other channels' work
                        return;
                    }
                    int tail = (head + size) % CAPACITY;
                    int n = Math.min(len, Math.min(CAPACITY - size, CAPACITY - tail));
                    System.arraycopy(b, off, buffer, tail, n);
                    size += n;
                    off += n;
                    len -= n;
                    changed.signalAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while passing on an SSH channel's data");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                writerClosed = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    };

    /** The end to read: what the channel received, then the end of stream once the channel's output ended. */
    InputStream input() {
        return in;
    }

    /** The end JSch writes to ({@code ChannelExec.setOutputStream(pipe.output(), false)}: JSch closes it at the channel's end). */
    OutputStream output() {
        return out;
    }
}
