package org.virtbench.runner.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the host's processes that still work in a directory, from {@code /proc}: their root
 * (a chroot), their working directory or a word of their command line lies in it. A killed
 * build leaves such orphans (debootstrap, a chrooted dpkg) that would keep writing into the
 * directory a sweep is removing; a workload's daemon (mariadbd, rsync --daemon) left in a host
 * guest's directory is found the same way, since no command of the transport owns it any more.
 */
public final class Processes {
    private static final Path PROC = Path.of("/proc");
    private static final String DELETED = " (deleted)";

    private Processes() {
    }

    /** The pids of the processes that use {@code directory}, this process excluded. */
    public static List<Long> using(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        String text = dir.toString();
        long self = ProcessHandle.current().pid();
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != self && (linkInside(entry.resolve("root"), dir) || linkInside(entry.resolve("cwd"), dir)
                        || commandLine(entry).contains(text))) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            // /proc unreadable: nothing can be found
        }
        return pids;
    }

    /**
     * Kills (SIGKILL) every process that uses {@code directory}, again until none is left or
     * a few rounds have passed (a dying parent may still have started a child).
     *
     * @return how many were killed
     */
    public static int killUsing(Path directory) {
        int killed = 0;
        for (int round = 0; round < 10; round++) {
            List<Long> pids = using(directory);
            if (pids.isEmpty()) {
                break;
            }
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> p).join();
                });
                killed++;
            }
        }
        return killed;
    }

    private static boolean linkInside(Path link, Path dir) {
        try {
            String target = Files.readSymbolicLink(link).toString();
            // a removed directory reads as "PATH (deleted)"
            if (target.endsWith(DELETED)) {
                target = target.substring(0, target.length() - DELETED.length());
            }
            return Path.of(target).startsWith(dir);
        } catch (IOException | UnsupportedOperationException | SecurityException | java.nio.file.InvalidPathException e) {
            return false; // gone, or not ours to read
        }
    }

    private static String commandLine(Path procEntry) {
        try {
            return new String(Files.readAllBytes(procEntry.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
