package org.virtbench.runner.system;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file whole and durably: the content goes to a new temporary file in the same folder
 * (created exclusively with a random name, so a planted file or symlink of that name is never
 * written through), is fsynced, renamed over the target, and the folder is fsynced so the rename
 * itself survives a power cut. A reader sees the old file or the new one, never half of either.
 */
public final class DurableFiles {
    private DurableFiles() {
    }

    /** Writes the file's content. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with what {@code body} writes. */
    public static void replace(Path target, Body body) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        if (Files.isSymbolicLink(target)) {
            throw new IOException(target + " is a symbolic link; virtbench replaces only files of its own");
        }
        Path tmp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 OutputStream out = Channels.newOutputStream(channel)) {
                body.writeTo(new UnclosableStream(out));
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
            }
            moved = true;
            syncFolder(folder);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Replaces {@code target} with {@code text} in UTF-8. */
    public static void replace(Path target, String text) throws IOException {
        replace(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Fsyncs a folder, so that files created, renamed or removed in it stay so after a crash. */
    public static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Jackson closes the stream it is given; the channel must stay open until it is fsynced. */
    private static final class UnclosableStream extends java.io.FilterOutputStream {
        UnclosableStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
