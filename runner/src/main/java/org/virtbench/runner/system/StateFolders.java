package org.virtbench.runner.system;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * virtbench's own folders on the host, never a fixed name in a folder others can write
 * ({@code /tmp}, {@code /var/tmp}): a local user could plant a symlink or a file there that root
 * then writes through or reads configuration from. The state root ({@value #ROOT} for root, a
 * folder in the user's home otherwise) and each area in it belong to the running user, are not a
 * symlink and cannot be written by group or others; every work folder is created fresh (0711,
 * refusing an existing path). Sweeps act only on entries that {@link #isOurs} and
 * delete with {@link #deleteTree}, which never follows a symlink.
 */
public final class StateFolders {
    /** The state root when running as root. */
    public static final String ROOT = "/var/lib/virtbench";

    /**
     * The work folder inside a guest that virtbench made and nobody else uses (a container, a VM):
     * under the guest's own state root rather than its {@code /var/tmp}, so nothing in the guest
     * depends on a shared folder's name either.
     */
    public static final String GUEST_WORK = ROOT + "/work";

    /**
     * Folders are 0711: only their owner lists or writes them, but a workload's daemon that drops
     * root (mariadbd as mysql) can still reach the files it is given further in.
     */
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx--x--x");

    private StateFolders() {
    }

    /** The uid this process runs as. */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell this process's uid from /proc/self: " + e.getMessage(), e);
        }
    }

    /** The state root: {@value #ROOT} for root, {@code ~/.local/state/virtbench} for others. */
    public static Path root() {
        return currentUid() == 0 ? Path.of(ROOT)
                : Path.of(System.getProperty("user.home"), ".local", "state", "virtbench");
    }

    /**
     * An area of the state root, such as {@code host} or {@code qemu}, created private when missing.
     *
     * @throws IOException when it, or a folder above it, is a symlink or writable by others
     */
    public static Path area(String name) throws IOException {
        return checkedFolder(root().resolve(name));
    }

    /**
     * Creates {@code folder} (and missing parents) private to this user, or checks the existing
     * one: a real folder, not a symlink, owned by this user or root, writable by no one else;
     * the same for each folder above it.
     *
     * @throws IOException naming the folder and what is wrong with it
     */
    public static Path checkedFolder(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        Path at = absolute.getRoot();
        for (Path part : absolute) {
            at = at.resolve(part);
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(at, PosixFilePermissions.asFileAttribute(PRIVATE));
                } catch (FileAlreadyExistsException raced) {
                    // made by someone else just now: checked below like any other
                }
            }
            checkFolder(at, at.equals(absolute));
        }
        return absolute;
    }

    private static void checkFolder(Path folder, boolean own) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (basic.isSymbolicLink()) {
            throw new IOException(folder + " is a symbolic link; virtbench keeps its files only in real folders");
        }
        if (!basic.isDirectory()) {
            throw new IOException(folder + " is not a folder");
        }
        int owner = (Integer) Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(folder, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        int uid = currentUid();
        if (owner != uid && owner != 0) {
            throw new IOException(folder + " belongs to uid " + owner + ", not to uid " + uid + " or root; "
                    + "virtbench does not keep its files in another user's folder");
        }
        boolean sticky = (mode & 01000) != 0;
        if ((mode & 0022) != 0 && (own || !sticky)) {
            throw new IOException(folder + " can be written by others (mode " + Integer.toOctalString(mode & 07777)
                    + "); make it writable only by its owner (chmod go-w)");
        }
    }

    /**
     * A new private folder (0711) in {@code parent}, with a random name that starts with
     * {@code prefix}; never an existing path.
     */
    public static Path freshFolder(Path parent, String prefix) throws IOException {
        return Files.createTempDirectory(parent, prefix, PosixFilePermissions.asFileAttribute(PRIVATE));
    }

    /** A new private folder of exactly {@code folder}'s name; fails when the path exists. */
    public static Path newFolder(Path folder) throws IOException {
        return Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PRIVATE));
    }

    /**
     * True when {@code entry} is a folder a virtbench run of this user made: a real folder (not a
     * symlink), owned by this user, writable by no one else. Sweeps
     * touch nothing else.
     */
    public static boolean isOurs(Path entry) {
        try {
            BasicFileAttributes basic = Files.readAttributes(entry, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return basic.isDirectory()
                    && (Integer) Files.getAttribute(entry, "unix:uid", LinkOption.NOFOLLOW_LINKS) == currentUid()
                    && ((Integer) Files.getAttribute(entry, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0022) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes a folder and what is in it without following symlinks (a link is removed, never
     * its target); what cannot be removed is left for the next sweep.
     */
    public static void deleteTree(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    quietlyDelete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    quietlyDelete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    quietlyDelete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            // left for the next sweep
        }
    }

    private static void quietlyDelete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left for the next sweep
        }
    }
}
