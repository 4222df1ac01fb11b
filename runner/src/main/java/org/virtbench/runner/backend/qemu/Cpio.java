package org.virtbench.runner.backend.qemu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format the kernel unpacks as an initramfs. Written here
 * rather than by the {@code cpio} program so that building an initrd needs no host tool and the
 * result is byte-for-byte reproducible (fixed owners, times and inode numbers), hence cacheable
 * by its hash.
 */
final class Cpio {
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFCHR = 0020000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int inode = 1;
    private boolean finished;

    /** A directory owned by root. */
    Cpio directory(String path, int permissions) {
        return entry(path, S_IFDIR | permissions, 2, 0, 0, new byte[0]);
    }

    /** A regular file owned by root. */
    Cpio file(String path, int permissions, byte[] content) {
        return entry(path, S_IFREG | permissions, 1, 0, 0, content);
    }

    /** A character device node, such as {@code dev/console} (5, 1). */
    Cpio characterDevice(String path, int permissions, int major, int minor) {
        return entry(path, S_IFCHR | permissions, 1, major, minor, new byte[0]);
    }

    private Cpio entry(String path, int mode, int links, int rdevMajor, int rdevMinor, byte[] content) {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("cpio paths are relative: " + path);
        }
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        String header = "070701"
                + hex(inode++) + hex(mode) + hex(0) + hex(0) + hex(links) + hex(0)
                + hex(content.length) + hex(0) + hex(0) + hex(rdevMajor) + hex(rdevMinor)
                + hex(name.length + 1) + hex(0);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(name);
        out.write(0);
        pad();
        out.writeBytes(content);
        pad();
        return this;
    }

    /** The archive with its trailer. */
    byte[] finish() {
        if (!finished) {
            inode = 0;
            entry("TRAILER!!!", 0, 1, 0, 0, new byte[0]);
            finished = true;
        }
        return out.toByteArray();
    }

    private void pad() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    private static String hex(int value) {
        return String.format("%08X", value);
    }
}
