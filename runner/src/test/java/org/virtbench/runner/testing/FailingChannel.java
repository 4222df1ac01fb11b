package org.virtbench.runner.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel whose positioned writes fail as a full disk's do once a byte budget is spent: the
 * write that crosses it puts part of its bytes on disk, then throws "No space left on device".
 */
public final class FailingChannel extends FileChannel {
    private final FileChannel real;
    private long budget;
    private int forces;

    public FailingChannel(FileChannel real, long budget) {
        this.real = real;
        this.budget = budget;
    }

    /** Gives the disk room again. */
    public void free() {
        budget = Long.MAX_VALUE;
    }

    /** How many times the data was forced to disk. */
    public int forces() {
        return forces;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (src.remaining() <= budget) {
            int n = real.write(src, position);
            budget -= n;
            return n;
        }
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + (int) budget);
        real.write(part, position);
        budget = 0;
        throw new IOException("No space left on device");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return write(src, real.position());
    }

    @Override
    public void force(boolean metaData) throws IOException {
        forces++;
        real.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return real.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException("gathering writes");
    }

    @Override
    public long position() throws IOException {
        return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        real.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return real.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        real.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("transferFrom");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return real.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        real.close();
    }
}
