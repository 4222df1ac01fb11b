package org.virtbench.runner.transport;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command's output kept within a bound: the first {@link #HEAD} and the last {@link #TAIL}
 * bytes, and how many were left out between them. A workload that prints gigabytes (a runaway
 * loop, a verbose build) costs the runner at most a few MiB per stream, while the start of the
 * output (what ran, the first error) and its end (the figures, the last error) stay. With a spill
 * folder (the cell's), the left-out middle is written to a new file there as it is left out, and
 * the line that marks the gap names that file. The one bounded buffer of every transport.
 */
public final class BoundedOutput extends OutputStream {
    /** Bytes kept from the start. */
    static final int HEAD = 1 << 20;
    /** Bytes kept from the end. */
    static final int TAIL = 1 << 20;

    /** The line that marks the gap: {@code [virtbench: N bytes of output left out here...]}. */
    private static final Pattern GAP = Pattern.compile("\\[virtbench: \\d+ bytes of output left out here[^\\]\\n]*\\]");

    private final int headCapacity;
    private final int tailCapacity;
    private final Optional<Path> spillFolder;
    private final String label;
    private Path spillFile;
    private OutputStream spill;
    private long spilled;
    private String spillProblem;
    private boolean spillClosed;
    private byte[] headBuffer = new byte[256];
    private int headLength;
    private byte[] ring; // the tail, allocated once the head is full
    private long tailWritten;

    /** Keeps the first {@link #HEAD} and the last {@link #TAIL} bytes. */
    public BoundedOutput() {
        this(HEAD, TAIL, Optional.empty(), "output");
    }

    /** Keeps the first {@link #HEAD} and the last {@link #TAIL} bytes, the rest spilled into {@code spillFolder}. */
    public BoundedOutput(Optional<Path> spillFolder, String label) {
        this(HEAD, TAIL, spillFolder, label);
    }

    BoundedOutput(int headCapacity, int tailCapacity) {
        this(headCapacity, tailCapacity, Optional.empty(), "output");
    }

    BoundedOutput(int headCapacity, int tailCapacity, Optional<Path> spillFolder, String label) {
        this.headCapacity = headCapacity;
        this.tailCapacity = tailCapacity;
        this.spillFolder = spillFolder;
        this.label = label.replaceAll("[^A-Za-z0-9._-]", "_");
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
        // what leaves the tail now is the middle, in order: the oldest bytes kept, then the part of
        // this write that cannot stay (only its last tailCapacity bytes can)
        int kept = (int) Math.min(tailWritten, tailCapacity);
        int evicted = Math.max(0, Math.min(kept, kept + len - tailCapacity));
        if (evicted > 0 && spillFolder.isPresent()) {
            int first = (int) ((tailWritten - kept) % tailCapacity);
            int segment = Math.min(evicted, tailCapacity - first);
            spill(ring, first, segment);
            if (evicted > segment) {
                spill(ring, 0, evicted - segment);
            }
        }
        int skip = Math.max(0, len - tailCapacity);
        if (skip > 0 && spillFolder.isPresent()) {
            spill(b, off, skip);
        }
        tailWritten += skip;
        off += skip;
        len -= skip;
        for (int i = 0; i < len; i++) {
            ring[(int) (tailWritten++ % tailCapacity)] = b[off + i];
        }
    }

    private void spill(byte[] b, int off, int len) {
        if (spillClosed || spillProblem != null) {
            return;
        }
        try {
            if (spill == null) {
                // a new file of a name of its own (never an existing one), readable by root only
                spillFile = Files.createTempFile(spillFolder.get(), label + ".", ".left-out",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                spill = new BufferedOutputStream(Files.newOutputStream(spillFile), 1 << 16);
            }
            spill.write(b, off, len);
            spilled += len;
        } catch (IOException | UnsupportedOperationException e) {
            spillProblem = e.getMessage();
            closeSpill();
        }
    }

    private void closeSpill() {
        spillClosed = true;
        if (spill != null) {
            try {
                spill.close();
            } catch (IOException e) {
                spillProblem = e.getMessage();
            }
        }
    }

    /** The file holding the left-out middle, once something was left out and spilled. */
    public synchronized Optional<Path> spillFile() {
        return Optional.ofNullable(spillFile);
    }

    /**
     * The line that marks the gap in {@code text} (what {@link #text()} returned), so that a
     * shortened copy can keep it; empty when nothing was left out.
     */
    public static Optional<String> gapLine(String text) {
        Matcher m = GAP.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /** How many bytes were written in all. */
    public synchronized long size() {
        return headLength + tailWritten;
    }

    /**
     * The text kept, with a line saying how much was left out where it was, and in which file
     * when it was spilled; the spill file is complete from here on (later output is only counted).
     */
    public synchronized String text() {
        closeSpill();
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
        return start + (dropped == 0 ? "" : "\n[virtbench: " + dropped + " bytes of output left out here" + where(dropped)
                + "]\n") + new String(end, StandardCharsets.UTF_8);
    }

    private String where(long dropped) {
        if (spillFile == null) {
            return spillProblem == null ? "" : "; they could not be kept in " + spillFolder.orElseThrow() + ": " + spillProblem;
        }
        return (spilled == dropped ? "; they are in " : "; the first " + spilled + " of them are in ") + spillFile
                + (spillProblem == null ? "" : " (then: " + spillProblem + ")");
    }
}
