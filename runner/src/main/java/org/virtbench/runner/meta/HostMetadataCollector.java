package org.virtbench.runner.meta;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.transport.HostCommands;

/** Reads {@link HostMetadata} from /proc, /sys, /boot and the tools themselves. */
public final class HostMetadataCollector {
    /** Version flags tried in order; the first that exits 0 with a digit in its output wins. */
    private static final List<String> VERSION_FLAGS = List.of("--version", "-V", "-version");
    private static final Pattern CONFIG_HZ = Pattern.compile("(?m)^CONFIG_HZ=(\\d+)$");

    private HostMetadataCollector() {
    }

    /**
     * Collects the metadata.
     *
     * @param commands the workloads' required commands, whose versions are recorded
     * @param packages the workloads' Debian packages, whose installed versions are recorded
     */
    public static HostMetadata collect(Collection<String> commands, Collection<String> packages) {
        String kernel = read("/proc/sys/kernel/osrelease").orElse(null);
        Optional<String> rootDisk = rootDisk();
        Map<String, String> tools = new LinkedHashMap<>();
        commands.stream().distinct().sorted().forEach(c -> toolVersion(c).ifPresent(v -> tools.put(c, v)));
        Map<String, String> versions = new LinkedHashMap<>();
        packages.stream().distinct().sorted().forEach(p -> packageVersion(p).ifPresent(v -> versions.put(p, v)));
        return new HostMetadata(
                read("/proc/sys/kernel/hostname").orElse(null),
                osRelease().orElse(null),
                kernel,
                field(read("/proc/cpuinfo").orElse(""), "model name").orElse(null),
                Runtime.getRuntime().availableProcessors(),
                field(read("/proc/meminfo").orElse(""), "MemTotal")
                        .map(v -> Long.parseLong(v.replace("kB", "").trim()) * 1024).orElse(null),
                kernel == null ? null : configHz(kernel).orElse(null),
                rootDisk.orElse(null),
                rootDisk.flatMap(HostMetadataCollector::scheduler).orElse(null),
                virtualization(),
                tools, versions);
    }

    /** {@code CONFIG_HZ} from the running kernel's config, where one is readable. */
    static Optional<Integer> configHz(String kernel) {
        Path boot = Path.of("/boot/config-" + kernel);
        try {
            String config = null;
            if (Files.isReadable(boot)) {
                config = Files.readString(boot, StandardCharsets.ISO_8859_1);
            } else if (Files.isReadable(Path.of("/proc/config.gz"))) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("/proc/config.gz")))) {
                    config = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                }
            }
            if (config == null) {
                return Optional.empty();
            }
            Matcher m = CONFIG_HZ.matcher(config);
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The whole disk under {@code /}: its device numbers from mountinfo, a partition's parent. */
    static Optional<String> rootDisk() {
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/self/mountinfo"))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length > 4 && f[4].equals("/")) {
                    Path dev = Path.of("/sys/dev/block", f[2]);
                    if (!Files.exists(dev)) {
                        return Optional.empty(); // overlay, tmpfs: no block device of its own
                    }
                    Path real = dev.toRealPath();
                    Path disk = Files.exists(real.resolve("partition")) ? real.getParent() : real;
                    return Optional.of(disk.getFileName().toString());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The active scheduler, the one in brackets in {@code queue/scheduler}. */
    static Optional<String> scheduler(String disk) {
        return read("/sys/block/" + disk + "/queue/scheduler").flatMap(s -> {
            Matcher m = Pattern.compile("\\[([^]]+)]").matcher(s);
            return m.find() ? Optional.of(m.group(1)) : Optional.of(s.trim());
        });
    }

    private static String virtualization() {
        if (HostCommands.has("systemd-detect-virt")) {
            String answer = HostCommands.run("systemd-detect-virt").stdout().trim();
            if (!answer.isEmpty()) {
                return answer;
            }
        }
        String flags = field(read("/proc/cpuinfo").orElse(""), "flags").orElse("");
        return List.of(flags.split(" ")).contains("hypervisor") ? "hypervisor" : "none";
    }

    /** The first line of a command's version output that holds a digit. */
    static Optional<String> toolVersion(String command) {
        if (!HostCommands.has(command)) {
            return Optional.empty();
        }
        for (String flag : VERSION_FLAGS) {
            try {
                CommandResult r = HostCommands.run(Command.of(command, flag).withTimeout(Duration.ofSeconds(5)));
                if (!r.ok()) {
                    continue;
                }
                Optional<String> line = r.output().lines().map(String::trim).filter(l -> l.matches(".*\\d.*"))
                        .findFirst();
                if (line.isPresent()) {
                    return line;
                }
            } catch (GuestException e) {
                // the flag made it wait or run: try the next one
            }
        }
        return Optional.empty();
    }

    private static Optional<String> packageVersion(String pkg) {
        if (!HostCommands.has("dpkg-query")) {
            return Optional.empty();
        }
        CommandResult r = HostCommands.run("dpkg-query", "-W", "-f=${Version}", pkg);
        return r.ok() && !r.stdout().isBlank() ? Optional.of(r.stdout().trim()) : Optional.empty();
    }

    private static Optional<String> osRelease() {
        return read("/etc/os-release").flatMap(text -> text.lines().filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst());
    }

    /** The value of the first {@code name : value} line. */
    static Optional<String> field(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
    }

    private static Optional<String> read(String path) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(Path.of(path)),
                StandardCharsets.UTF_8))) {
            StringBuilder text = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                text.append(line).append('\n');
            }
            return Optional.of(text.toString().trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
