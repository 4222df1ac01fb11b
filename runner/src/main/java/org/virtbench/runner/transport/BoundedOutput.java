package org.virtbench.runner.transport;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A command's output kept within a bound: the first {@link #HEAD} and the last {@link #TAIL}
 * bytes, and how many were left out between them. A workload that prints gigabytes (a runaway
 * loop, a verbose build) costs the runner at most a few MiB per stream, while the start of the
 * output (what ran, the first error) and its end (the figures, the last error) stay.
 */
public final class BoundedOutput extends OutputStream {
    /** Bytes kept from the start. */
    static final int HEAD = 1 << 20;
    /** Bytes kept from the end. */
    static final int TAIL = 1 << 20;

    private final int headCapacity;
    private final int tailCapacity;
    private byte[] headBuffer = new byte[256];
    private int headLength;
    private byte[] ring; // the tail, allocated once the head is full
    private long tailWritten;

    /** Keeps the first {@link #HEAD} and the last {@link #TAIL} bytes. */
    public BoundedOutput() {
        this(HEAD, TAIL);
    }

    BoundedOutput(int headCapacity, int tailCapacity) {
        this.headCapacity = headCapacity;
        this.tailCapacity = tailCapacity;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int toHead = Math.min(len, headCapacity - headLength);
        if (toHead > 0) {
            if (headLength + toHead > headBuffer.length) {
                headBuffer = java.util.Arrays.copyOf(headBuffer,
                        Math.min(headCapacity, Math.max(headBuffer.length * 2, headLength + toHead)));
            }
            System.arraycopy(b, off, headBuffer, headLength, toHead);
            headLength += toHead;
            off += toHead;
            len -= toHead;
        }
        if (len == 0) {
            return;
        }
        if (ring == null) {
            ring = new byte[tailCapacity];
        }
        // only the last tailCapacity bytes of this write can stay
        int skip = Math.max(0, len - tailCapacity);
        tailWritten += skip;
        off += skip;
        len -= skip;
        for (int i = 0; i < len; i++) {
            ring[(int) (tailWritten++ % tailCapacity)] = b[off + i];
        }
    }

    /** How many bytes were written in all. */
    public synchronized long size() {
        return headLength + tailWritten;
    }

    /** The text kept, with a line saying how much was left out where it was. */
    public synchronized String text() {
        String start = new String(headBuffer, 0, headLength, StandardCharsets.UTF_8);
        if (ring == null) {
            return start;
        }
        int kept = (int) Math.min(tailWritten, tailCapacity);
        byte[] end = new byte[kept];
        long first = tailWritten - kept;
        for (int i = 0; i < kept; i++) {
            end[i] = ring[(int) ((first + i) % tailCapacity)];
        }
        long dropped = tailWritten - kept;
        return start + (dropped == 0 ? "" : "\n[virtbench: " + dropped + " bytes of output left out here]\n")
                + new String(end, StandardCharsets.UTF_8);
    }
}
