package org.virtbench.runner.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the host's processes that still work in a directory, from {@code /proc}: their root
 * (a chroot), their working directory or a word of their command line lies in it. A killed
 * build leaves such orphans (debootstrap, a chrooted dpkg) that would keep writing into the
 * directory a sweep is removing; a workload's daemon (mariadbd, rsync --daemon) left in a host
 * guest's directory is found the same way, since no command of the transport owns it any more.
 * Also the runner's one way to kill a process with everything it started ({@link #killTree}).
 */
public final class Processes {
    private static final Path PROC = Path.of("/proc");
    private static final String DELETED = " (deleted)";

    private Processes() {
    }

    /**
     * Kills a process and every process it started, then waits for it at most {@code wait}: the one
     * process-tree kill of the runner (a command's shell, its children, a guest's qemu).
     */
    public static void killTree(Process process, Duration wait) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                        || mentions(commandLine(entry), text))) {
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

    /**
     * True when a word of {@code argv} names {@code dir} or a path in it, compared by whole path
     * components: {@code /w/run-1} is in {@code /w/run-1/disk} and {@code file=/w/run-1,if=virtio},
     * not in {@code /w/run-10}.
     */
    public static boolean mentions(List<String> argv, String dir) {
        for (String arg : argv) {
            for (int at = arg.indexOf(dir); at >= 0; at = arg.indexOf(dir, at + 1)) {
                int end = at + dir.length();
                boolean starts = at == 0 || "=,:".indexOf(arg.charAt(at - 1)) >= 0;
                boolean ends = end == arg.length() || "/,:".indexOf(arg.charAt(end)) >= 0;
                if (starts && ends) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True while process {@code pid} of this host runs: it exists and is not a zombie (an orphan
     * that exited stays in the table until init reaps it).
     */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // pid (comm) state ...: comm may hold spaces and parentheses, so read after the last ')'
            String rest = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return !rest.isEmpty() && rest.charAt(0) != 'Z' && rest.charAt(0) != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** The command line of a {@code /proc} entry, one word an element; empty when it is gone. */
    public static List<String> commandLine(Path procEntry) {
        try {
            String raw = new String(Files.readAllBytes(procEntry.resolve("cmdline")), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
