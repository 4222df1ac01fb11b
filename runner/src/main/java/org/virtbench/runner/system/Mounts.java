package org.virtbench.runner.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.virtbench.backend.BackendException;
import org.virtbench.runner.transport.HostCommands;

/**
 * The host's mount table as {@code /proc/mounts} shows it to this process, and the few operations
 * virtbench needs on it: find what is mounted below a directory, unmount it deepest first.
 */
public final class Mounts {
    private static final Path PROC_MOUNTS = Path.of("/proc/mounts");

    /**
     * One line of {@code /proc/mounts}.
     *
     * @param source     the device or pseudo source ({@code overlay}, {@code proc}, {@code /dev/vda})
     * @param mountPoint where it is mounted, with the kernel's octal escapes decoded
     * @param type       the filesystem type
     * @param options    the mount options as the kernel lists them
     */
    public record Mount(String source, Path mountPoint, String type, String options) {
    }

    private Mounts() {
    }

    /** Every mount, in the kernel's order (parents before what is mounted over them). */
    public static List<Mount> all() {
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC_MOUNTS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC_MOUNTS, e);
        }
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length >= 4) {
                mounts.add(new Mount(unescape(f[0]), Path.of(unescape(f[1])), f[2], f[3]));
            }
        }
        return mounts;
    }

    /** The mounts at {@code directory} or below it, deepest first: the order to unmount them in. */
    public static List<Mount> under(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        return all().stream()
                .filter(m -> m.mountPoint().startsWith(dir))
                .sorted(Comparator.comparingInt((Mount m) -> m.mountPoint().getNameCount()).reversed())
                .toList();
    }

    /** True when something is mounted exactly at {@code mountPoint}. */
    public static boolean isMountPoint(Path mountPoint) {
        Path p = mountPoint.toAbsolutePath().normalize();
        return all().stream().anyMatch(m -> m.mountPoint().equals(p));
    }

    /**
     * Unmounts everything at or below {@code directory}, deepest first. A mount that is busy is
     * detached lazily ({@code umount -l}) so that teardown never stalls on a straggling process;
     * the kernel frees it when the last user is gone.
     *
     * @throws BackendException when something is still mounted there afterwards
     */
    public static void unmountAll(Path directory) {
        for (Mount m : under(directory)) {
            String point = m.mountPoint().toString();
            if (!HostCommands.run("umount", point).ok()) {
                HostCommands.run("umount", "-l", point);
            }
        }
        List<Mount> left = under(directory);
        if (!left.isEmpty()) {
            throw new BackendException("cannot unmount " + left.get(0).mountPoint() + " (" + left.size()
                    + " mounts left under " + directory + ")");
        }
    }

    /**
     * Removes a directory tree that may still have had mounts in it: unmounts them first, then
     * deletes with {@code rm --one-file-system}, which refuses to descend into anything still
     * mounted, so a host directory bound into it can never be deleted through it.
     */
    public static void removeTree(Path directory) {
        if (!Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        unmountAll(directory);
        var result = HostCommands.run("rm", "-rf", "--one-file-system", directory.toString());
        if (!result.ok()) {
            throw new BackendException("cannot remove " + directory + ": " + result.output().trim());
        }
    }

    /** Decodes the octal escapes ({@code \040} for a space) the kernel writes in mount paths. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
