package org.virtbench.runner.backend.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtbench.runner.system.OwnerFile;

/**
 * A CPU cgroup of its own for each host guest, as every LXC guest has ({@code lxc.payload.NAME}).
 * Without one, n bare-metal instances compete task by task in the root group beside the harness
 * itself (its JVM threads, telemetry, other processes of the machine), while n containers compete
 * as n groups of equal weight: the LXC sysbench-oltp results at n = 4 and 8 came out faster than
 * bare metal's for that reason alone. The group holds every process a guest's commands start
 * (a workload's daemon too); it is removed when the guests are released, and groups of a
 * virtbench process that died are swept.
 */
final class CpuGroups {
    /** The group name's start: {@code virtbench-host-<pid>-<seq>-<guest>}. */
    static final String PREFIX = "virtbench-host-";
    private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");
    /** cgroup v1's CPU accounting, a hierarchy of its own where it is not mounted with cpu. */
    private static final Path V1_ACCOUNTING = Path.of("/sys/fs/cgroup/cpuacct");
    private static final Path V2 = Path.of("/sys/fs/cgroup");

    private CpuGroups() {
    }

    /**
     * The hierarchy whose groups carry the cpu controller: cgroup v1's {@code cpu}, or the unified
     * hierarchy when its root delegates {@code cpu} to its children; empty when neither does.
     */
    static Optional<Path> hierarchy() {
        if (Files.isRegularFile(V1.resolve("cgroup.procs")) && Files.isRegularFile(V1.resolve("cpu.shares"))) {
            return Optional.of(V1);
        }
        try {
            Path control = V2.resolve("cgroup.subtree_control");
            if (Files.isRegularFile(control) && List.of(Files.readString(control).trim().split("\\s+")).contains("cpu")) {
                return Optional.of(V2);
            }
        } catch (IOException e) {
            // unreadable: no controller to use
        }
        return Optional.empty();
    }

    /**
     * Where a group's CPU time is counted when the cpu controller's hierarchy does not count it:
     * on a cgroup v1 host that mounts cpuacct apart from cpu, a group of the same name there, so
     * telemetry can read the guest's CPU time as it reads a container's. Empty where the group
     * itself counts it (cpu,cpuacct mounted together, or cgroup v2's cpu.stat).
     */
    static Optional<Path> accounting(Path group) {
        Path hierarchy = group.getParent();
        return hierarchy.equals(V1) && !Files.isRegularFile(V1.resolve("cpuacct.usage"))
                && Files.isRegularFile(V1_ACCOUNTING.resolve("cpuacct.usage"))
                ? Optional.of(V1_ACCOUNTING.resolve(group.getFileName())) : Optional.empty();
    }

    /** Creates one group per guest under {@code hierarchy}, named after the run, and its accounting group. */
    static List<Path> create(Path hierarchy, String runId, int guests) {
        List<Path> groups = new ArrayList<>();
        try {
            for (int i = 0; i < guests; i++) {
                Path group = hierarchy.resolve(PREFIX + runId + "-" + i);
                Files.createDirectory(group);
                groups.add(group);
                Optional<Path> accounting = accounting(group);
                if (accounting.isPresent()) {
                    Files.createDirectory(accounting.get());
                }
            }
        } catch (IOException e) {
            remove(groups);
            throw new org.virtbench.backend.BackendException("cannot create a cpu cgroup for the host guests under "
                    + hierarchy + ": " + e.getMessage() + "; run as root");
        }
        return groups;
    }

    /**
     * The argv words that run a command inside {@code group}: a shell that moves itself into the
     * group, then becomes the command ({@code exec}), so the command and all it starts stay there.
     * The group's path is an argument, never part of the script.
     */
    static List<String> enter(Path group) {
        Optional<Path> accounting = accounting(group);
        if (accounting.isPresent()) {
            return List.of("/bin/sh", "-c", "echo $$ > \"$0/cgroup.procs\" && echo $$ > \"$1/cgroup.procs\" && shift "
                    + "&& exec \"$@\"", group.toString(), accounting.get().toString());
        }
        return List.of("/bin/sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", group.toString());
    }

    /** Kills whatever still runs in the groups, then removes them and their accounting groups. */
    static void remove(List<Path> groups) {
        List<Path> all = new ArrayList<>(groups);
        groups.forEach(g -> accounting(g).ifPresent(all::add));
        for (Path group : all) {
            try {
                for (String pid : Files.readAllLines(group.resolve("cgroup.procs"))) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // gone already, or nothing to read: the removal below says whether it is empty
            }
            for (int attempt = 0; attempt < 50 && Files.exists(group, LinkOption.NOFOLLOW_LINKS); attempt++) {
                try {
                    Files.delete(group); // rmdir: a cgroup's files go with it
                } catch (IOException e) {
                    sleep(); // a killed process may take a moment to leave it
                }
            }
        }
    }

    /** Removes the groups of virtbench processes that no longer run. */
    static void sweepStale() {
        hierarchy().ifPresent(h -> {
            List<Path> stale = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(h, PREFIX + "*")) {
                for (Path entry : entries) {
                    String rest = entry.getFileName().toString().substring(PREFIX.length());
                    int dash = rest.indexOf('-');
                    try {
                        long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                        if (!OwnerFile.alive(pid, "-")) {
                            stale.add(entry);
                        }
                    } catch (NumberFormatException e) {
                        // not one of ours
                    }
                }
            } catch (IOException e) {
                return;
            }
            remove(stale);
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
