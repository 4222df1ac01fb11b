package org.virtbench.runner.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads cgroup and /proc control files, and finds a container's cgroups by name. */
final class Cgroups {
    static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {
    }

    static long number(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    static Long optionalNumber(Path file) {
        try {
            return number(file);
        } catch (IOException | NumberFormatException e) {
            return null; // memory.peak came with Linux 5.19
        }
    }

    /** The number after {@code key} on its line, such as {@code usage_usec 123} or {@code VmRSS: 12 kB}. */
    static long keyed(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(key)) {
                return Long.parseLong(f[1]);
            }
        }
        throw new IOException(file + " has no " + key);
    }

    /** v1 {@code blkio.throttle.io_service_bytes}: the {@code Total} line. */
    static long blkioBytes(Path file) throws IOException {
        long total = 0;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && (f[1].equals("Read") || f[1].equals("Write"))) {
                total += Long.parseLong(f[2]);
            }
        }
        return total;
    }

    /** v2 {@code io.stat}: rbytes and wbytes summed over devices. */
    static long ioStatBytes(Path file) throws IOException {
        long total = 0;
        for (String line : Files.readAllLines(file)) {
            for (String kv : line.trim().split("\\s+")) {
                if (kv.startsWith("rbytes=") || kv.startsWith("wbytes=")) {
                    total += Long.parseLong(kv.substring(kv.indexOf('=') + 1));
                }
            }
        }
        return total;
    }

    /**
     * The cgroup of a container named {@code directoryName} (such as {@code lxc.payload.vb1g0}):
     * on a v1 host in each of the cpuacct, memory and blkio hierarchies, else in the unified one.
     * LXC places it below init's cgroup, not always the root, so each hierarchy is searched a few
     * levels deep.
     */
    static Optional<GuestView.Cgroup> find(String directoryName) {
        Optional<Path> cpuacct = below(ROOT.resolve("cpuacct"), directoryName);
        if (cpuacct.isPresent()) {
            return Optional.of(new GuestView.Cgroup(false, cpuacct.get(),
                    below(ROOT.resolve("memory"), directoryName).orElse(null),
                    below(ROOT.resolve("blkio"), directoryName).orElse(null)));
        }
        List<Path> unified = new ArrayList<>(List.of(ROOT, ROOT.resolve("unified")));
        for (Path root : unified) {
            Optional<Path> dir = below(root, directoryName).filter(d -> Files.exists(d.resolve("cpu.stat")));
            if (dir.isPresent() && Files.exists(root.resolve("cgroup.controllers"))) {
                return Optional.of(new GuestView.Cgroup(true, dir.get(),
                        Files.exists(dir.get().resolve("memory.current")) ? dir.get() : null,
                        Files.exists(dir.get().resolve("io.stat")) ? dir.get() : null));
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> below(Path hierarchy, String name) {
        if (!Files.isDirectory(hierarchy)) {
            return Optional.empty();
        }
        try (Stream<Path> walk = Files.walk(hierarchy, 4)) {
            return walk.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(name)
                    && Files.isDirectory(p)).findFirst();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
