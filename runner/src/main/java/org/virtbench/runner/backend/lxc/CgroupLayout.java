package org.virtbench.runner.backend.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.virtbench.runner.system.Mounts;
import org.virtbench.runner.system.Mounts.Mount;

/**
 * How this host's cgroups offer the memory controller, which decides how LXC limits a guest's
 * memory: a cgroup v1 {@code memory} hierarchy ({@code memory.limit_in_bytes}, the hybrid layout
 * of Debian hosts booted with systemd's legacy setting, and of this development machine), the
 * unified cgroup v2 hierarchy with the {@code memory} controller ({@code memory.max}), or neither.
 *
 * @param kind         which of the three
 * @param memoryRoot   the mount point of the hierarchy that has the memory controller, when one does
 * @param hierarchies  the mount points of every cgroup hierarchy, v1 and v2, where LXC leaves cgroups
 */
public record CgroupLayout(Kind kind, Optional<Path> memoryRoot, List<Path> hierarchies) {

    /** Where the memory controller is. */
    public enum Kind {
        /** A cgroup v1 hierarchy with the memory controller. */
        V1,
        /** The cgroup v2 hierarchy with the memory controller enabled. */
        V2,
        /** No memory controller: limits cannot be enforced. */
        NONE
    }

    public CgroupLayout {
        hierarchies = List.copyOf(hierarchies);
    }

    /** Reads the layout from {@code /proc/mounts}. A v1 memory hierarchy wins over v2, as in LXC. */
    public static CgroupLayout detect() {
        List<Path> all = new ArrayList<>();
        Path v1Memory = null;
        Path v2 = null;
        for (Mount m : Mounts.all()) {
            if (m.type().equals("cgroup")) {
                all.add(m.mountPoint());
                if (List.of(m.options().split(",")).contains("memory")) {
                    v1Memory = m.mountPoint();
                }
            } else if (m.type().equals("cgroup2")) {
                all.add(m.mountPoint());
                if (v2 == null && controllers(m.mountPoint()).contains("memory")) {
                    v2 = m.mountPoint();
                }
            }
        }
        if (v1Memory != null) {
            return new CgroupLayout(Kind.V1, Optional.of(v1Memory), all);
        }
        if (v2 != null) {
            return new CgroupLayout(Kind.V2, Optional.of(v2), all);
        }
        return new CgroupLayout(Kind.NONE, Optional.empty(), all);
    }

    private static List<String> controllers(Path cgroup2Root) {
        try {
            return List.of(Files.readString(cgroup2Root.resolve("cgroup.controllers")).trim().split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The control file that holds the limit, as {@code lxc-cgroup} names it. */
    public Optional<String> limitFile() {
        return switch (kind) {
            case V1 -> Optional.of("memory.limit_in_bytes");
            case V2 -> Optional.of("memory.max");
            case NONE -> Optional.empty();
        };
    }

    /**
     * The control file that counts the memory cgroup's OOM kills in a line {@code oom_kill N}, as
     * {@code lxc-cgroup} names it.
     */
    public Optional<String> oomEventsFile() {
        return switch (kind) {
            case V1 -> Optional.of("memory.oom_control");
            case V2 -> Optional.of("memory.events");
            case NONE -> Optional.empty();
        };
    }

    /**
     * The LXC configuration lines that limit a container to {@code bytes}. Swap is limited too
     * (to nothing beyond the memory), so that a guest over its limit is killed as a VM of that
     * size would be, not slowed by swapping; on v1 only where the kernel accounts swap
     * ({@code memory.memsw.*} exists), and after the memory limit, which it must not be below.
     */
    public List<String> memoryConfig(long bytes) {
        return switch (kind) {
            case V1 -> {
                List<String> lines = new ArrayList<>(List.of("lxc.cgroup.memory.limit_in_bytes = " + bytes));
                if (memoryRoot.map(r -> Files.exists(r.resolve("memory.memsw.limit_in_bytes"))).orElse(false)) {
                    lines.add("lxc.cgroup.memory.memsw.limit_in_bytes = " + bytes);
                }
                yield lines;
            }
            case V2 -> List.of("lxc.cgroup2.memory.max = " + bytes, "lxc.cgroup2.memory.swap.max = 0");
            case NONE -> List.of();
        };
    }

    /** The cgroups LXC makes for a container {@code name}: its payload and its monitor. */
    static List<String> cgroupNames(String name) {
        return List.of("lxc.payload." + name, "lxc.monitor." + name);
    }

    /**
     * Every cgroup directory of these containers still present in any hierarchy, deepest first.
     * LXC places them below the cgroup of the host's init, which is not always the root, so each
     * hierarchy is searched a few levels deep.
     */
    public List<Path> leftovers(Collection<String> containerNames) {
        List<String> wanted = containerNames.stream().flatMap(n -> cgroupNames(n).stream()).toList();
        List<Path> found = new ArrayList<>();
        for (Path hierarchy : hierarchies) {
            try (Stream<Path> walk = Files.walk(hierarchy, 4)) {
                walk.filter(p -> p.getFileName() != null && wanted.contains(p.getFileName().toString())
                                && Files.isDirectory(p))
                        .forEach(top -> found.addAll(subtree(top)));
            } catch (IOException | java.io.UncheckedIOException e) {
                // a cgroup removed while walking: nothing to report there
            }
        }
        return found;
    }

    /**
     * Removes the empty cgroups of these containers, children first; ones that still hold a
     * process (a monitor in its last moment) are retried for up to two seconds.
     *
     * @return the cgroups that could not be removed
     */
    public List<Path> removeLeftovers(Collection<String> containerNames) {
        List<Path> left = leftovers(containerNames);
        for (int attempt = 0; attempt < 20 && !left.isEmpty(); attempt++) {
            left.forEach(CgroupLayout::rmdir);
            left = leftovers(containerNames);
            if (!left.isEmpty()) {
                sleep(100);
            }
        }
        return left;
    }

    /**
     * Removes the {@code lxc.pivot} cgroups LXC leaves in every hierarchy when they are empty.
     * They are shared by all containers below one parent, so callers do this only when no other
     * run of virtbench's still has containers; rmdir refuses a cgroup that holds a process.
     */
    public void removeEmptyPivots() {
        for (Path hierarchy : hierarchies) {
            try (Stream<Path> walk = Files.walk(hierarchy, 4)) {
                walk.filter(p -> p.getFileName() != null && p.getFileName().toString().equals("lxc.pivot"))
                        .toList()
                        .forEach(p -> subtree(p).forEach(CgroupLayout::rmdir));
            } catch (IOException | java.io.UncheckedIOException e) {
                // raced with another remover: fine
            }
        }
    }

    /** Every directory at or below {@code top}, deepest first: the order rmdir needs. */
    private static List<Path> subtree(Path top) {
        try (Stream<Path> walk = Files.walk(top)) {
            return walk.filter(Files::isDirectory)
                    .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(top);
        }
    }

    private static void rmdir(Path cgroup) {
        try {
            // a cgroup directory holds only kernel control files: delete() is rmdir(2), which
            // the kernel refuses while the cgroup has processes
            Files.deleteIfExists(cgroup);
        } catch (IOException e) {
            // busy or already gone; the caller looks again
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
