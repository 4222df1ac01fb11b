package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.virtbench.backend.BackendException;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.HostCommands;

/**
 * Guest disks: one ext4 base image per root filesystem, made with {@code mkfs.ext4 -d} (which
 * copies a directory tree into the new file system without mounting anything) and converted to
 * qcow2 by {@code qemu-img convert}, which leaves unused blocks out; and one qcow2 overlay per
 * guest whose backing file is that base, so guests share the base and write only their own blocks.
 *
 * <p>Base images are cached next to the root filesystem, in {@code <rootfs>/../qemu/}, named by a
 * fingerprint of the tree (every entry's path, type, size, modification time, mode, owner and
 * link target) and the disk size. An image's root never changes after it is built, so equal
 * fingerprints mean equal content; a rebuilt tree has new times and gets a new base image.
 */
final class GuestDisk {
    /** Bumped when the way a base image is made changes, so old cached images are not reused. */
    private static final int FORMAT = 1;

    private GuestDisk() {
    }

    /**
     * The qcow2 base image of {@code rootfs}, built first when the cache lacks it.
     *
     * @param sizeBytes the file system's size as the guest sees it; unused space costs nothing
     * @param compress  compress the qcow2 clusters (smaller, slower to read: for carrying a disk)
     */
    static Path base(Path rootfs, long sizeBytes, boolean compress) {
        return base(rootfs, sizeBytes, compress, rootfs.toAbsolutePath().normalize().getParent().resolve("qemu"));
    }

    /** {@link #base(Path, long, boolean)} with the cache in {@code cacheDir}. */
    static Path base(Path rootfs, long sizeBytes, boolean compress, Path cacheDir) {
        if (!Files.isDirectory(rootfs)) {
            throw new BackendException("the guest root filesystem " + rootfs + " is not a directory");
        }
        String key = fingerprint(rootfs, sizeBytes + (compress ? "c" : ""));
        Path target = cacheDir.resolve("base-" + key + ".qcow2");
        if (Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                // it holds the guests' SSH host keys: a base built before they were 0600 is narrowed now
                org.virtbench.runner.system.FileModes.narrow(target, org.virtbench.runner.system.FileModes.OWNER_ONLY);
            } catch (IOException e) {
                throw new BackendException("cannot make " + target + " readable by its owner only: " + e.getMessage(), e);
            }
            return target;
        }
        try {
            Files.createDirectories(cacheDir);
            try (FileChannel lockFile = FileChannel.open(cacheDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                if (!Files.isRegularFile(target)) {
                    build(rootfs, sizeBytes, compress, cacheDir, target);
                }
            }
        } catch (IOException e) {
            throw new BackendException("cannot build the guest disk in " + cacheDir + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static void build(Path rootfs, long sizeBytes, boolean compress, Path cacheDir, Path target) throws IOException {
        long pid = ProcessHandle.current().pid();
        Path raw = cacheDir.resolve(".build-" + pid + ".ext4");
        Path qcow = cacheDir.resolve(".build-" + pid + ".qcow2");
        try {
            try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "rw")) {
                file.setLength(sizeBytes); // sparse: only what mkfs writes takes space
            }
            // Inode tables and journal are initialized now rather than lazily by the guest's
            // kernel, whose background zeroing would otherwise disturb the first measurements.
            require(Command.of("mkfs.ext4", "-q", "-F", "-L", "virtbench", "-m", "0",
                    "-E", "lazy_itable_init=0,lazy_journal_init=0", "-d", rootfs.toString(), raw.toString()), "mkfs.ext4");
            Command convert = compress
                    ? Command.of("qemu-img", "convert", "-c", "-f", "raw", "-O", "qcow2", raw.toString(), qcow.toString())
                    : Command.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow.toString());
            require(convert, "qemu-img convert");
            // the image holds the guests' SSH host keys: readable by root (who runs QEMU) only
            Files.setPosixFilePermissions(qcow, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.move(qcow, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(raw);
            Files.deleteIfExists(qcow);
        }
    }

    /**
     * Creates a guest's overlay: an empty qcow2 file whose backing file is {@code base}.
     *
     * @throws BackendException when qemu-img fails
     */
    static void overlay(Path base, Path overlay) {
        require(Command.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2",
                "-b", base.toAbsolutePath().toString(), overlay.toAbsolutePath().toString()), "qemu-img create");
    }

    private static void require(Command command, String what) {
        CommandResult r = HostCommands.run(command.withTimeout(Duration.ofMinutes(30)));
        if (!r.ok()) {
            throw new BackendException(what + " failed (" + command + "): " + r.output().trim());
        }
    }

    /** A hex digest of the tree's metadata and {@code salt}. */
    static String fingerprint(Path rootfs, String salt) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(("virtbench-disk " + FORMAT + " " + salt + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        try {
            Files.walkFileTree(rootfs, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    add(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    add(file);
                    return FileVisitResult.CONTINUE;
                }

                private void add(Path p) throws IOException {
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                    String link = Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString() : "";
                    String line = rootfs.relativize(p) + "\0" + a.get("mode") + " " + a.get("uid") + " " + a.get("gid") + " "
                            + a.get("size") + " " + ((FileTime) a.get("lastModifiedTime")).toMillis()
                            + "\0" + link + "\n";
                    lines.add(line);
                }
            });
        } catch (IOException e) {
            throw new BackendException("cannot read the guest root filesystem " + rootfs + ": " + e.getMessage(), e);
        }
        // Directory listing order is the file system's, not the tree's: sort for a stable digest.
        Collections.sort(lines);
        lines.forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest()).substring(0, 20);
    }
}
