package org.virtbench.runner.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Takes permissions away from files that hold secrets (guest disks with SSH host keys, client
 * keys): files made by earlier versions with wider modes are narrowed when next used. Never
 * follows a symlink, and never adds a permission.
 */
public final class FileModes {
    /** Read and write for the owner only. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** A folder others may pass through to a file they are given, but not list: 0711. */
    public static final Set<PosixFilePermission> TRAVERSE_ONLY = PosixFilePermissions.fromString("rwx--x--x");

    private FileModes() {
    }

    /**
     * Removes from {@code path} every permission outside {@code allowed}; a symlink or a missing
     * path is left alone.
     *
     * @return true when the mode was narrowed
     */
    public static boolean narrow(Path path, Set<PosixFilePermission> allowed) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                || Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink()) {
            return false;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
        kept.addAll(now);
        kept.retainAll(allowed);
        if (kept.equals(now)) {
            return false;
        }
        Files.setPosixFilePermissions(path, kept);
        return true;
    }
}
