package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.virtbench.backend.BackendException;

/**
 * The kernel modules a guest needs before its root disk can be mounted, ordered so that every
 * module comes after the modules it depends on. Dependencies are read from each module's own
 * {@code .modinfo} section ({@code depends=...}), the data {@code depmod} would use: an extracted
 * kernel package has no {@code modules.dep}, and the host needs no kmod tools for this.
 */
final class KernelModules {
    /**
     * Virtio over PCI for the disk and the network, and ext4. ext4 and jbd2 ask for CRC32C only
     * by the alias {@code crypto-crc32c} (a soft dependency, which {@code depends=} does not
     * list), so its generic implementation is named here.
     */
    static final List<String> GUEST_MODULES = List.of("virtio_pci", "virtio_blk", "virtio_net", "crc32c_generic", "ext4");

    private KernelModules() {
    }

    /**
     * The module files to load, in load order.
     *
     * @param release the directory {@code lib/modules/<release>} of an extracted kernel package
     * @param wanted  module names; built-in ones (listed in {@code modules.builtin}) are skipped
     * @throws BackendException when a module or one of its dependencies is missing
     */
    static List<Path> resolve(Path release, List<String> wanted) {
        Map<String, Path> files = index(release.resolve("kernel"));
        Set<String> builtin = builtin(release.resolve("modules.builtin"));
        LinkedHashSet<Path> order = new LinkedHashSet<>();
        for (String name : wanted) {
            visit(normalize(name), files, builtin, order, new HashSet<>());
        }
        return List.copyOf(order);
    }

    private static void visit(String name, Map<String, Path> files, Set<String> builtin, LinkedHashSet<Path> order, Set<String> path) {
        if (builtin.contains(name)) {
            return;
        }
        Path file = files.get(name);
        if (file == null) {
            if (files.containsKey("compressed:" + name)) {
                throw new BackendException("the guest kernel's module " + name + " is compressed ("
                        + files.get("compressed:" + name).getFileName() + "); the initrd loads plain .ko files only");
            }
            throw new BackendException("the guest kernel has no module " + name + " (neither a .ko file nor built in)");
        }
        if (order.contains(file)) {
            return;
        }
        if (!path.add(name)) {
            throw new BackendException("kernel modules depend on each other in a cycle through " + name);
        }
        for (String dependency : depends(file)) {
            visit(dependency, files, builtin, order, path);
        }
        path.remove(name);
        order.add(file);
    }

    /** The {@code depends=} list of one module file: the modules it needs loaded first. */
    static List<String> depends(Path module) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(module);
        } catch (IOException e) {
            throw new BackendException("cannot read kernel module " + module + ": " + e.getMessage(), e);
        }
        // .modinfo holds NUL-terminated key=value strings; "depends=" appears there exactly once.
        byte[] key = "\0depends=".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, key);
        if (at < 0) {
            return List.of();
        }
        int start = at + key.length;
        int end = start;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        String list = new String(bytes, start, end - start, StandardCharsets.US_ASCII);
        List<String> names = new ArrayList<>();
        for (String n : list.split(",")) {
            if (!n.isBlank()) {
                names.add(normalize(n.trim()));
            }
        }
        return names;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Map<String, Path> index(Path kernelTree) {
        Map<String, Path> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(kernelTree)) {
            walk.filter(Files::isRegularFile).forEach(p -> {
                String file = p.getFileName().toString();
                if (file.endsWith(".ko")) {
                    files.put(normalize(file.substring(0, file.length() - 3)), p);
                } else if (file.matches(".*\\.ko\\.(xz|zst|gz)")) {
                    // kept out of the index: the initrd's busybox insmod loads plain .ko files only
                    files.putIfAbsent("compressed:" + normalize(file.substring(0, file.indexOf(".ko"))), p);
                }
            });
        } catch (IOException e) {
            throw new BackendException("cannot list kernel modules in " + kernelTree + ": " + e.getMessage(), e);
        }
        return files;
    }

    private static Set<String> builtin(Path modulesBuiltin) {
        Set<String> names = new HashSet<>();
        if (!Files.isRegularFile(modulesBuiltin)) {
            return names;
        }
        try {
            for (String line : Files.readAllLines(modulesBuiltin, StandardCharsets.UTF_8)) {
                String file = line.substring(line.lastIndexOf('/') + 1);
                if (file.endsWith(".ko")) {
                    names.add(normalize(file.substring(0, file.length() - 3)));
                }
            }
        } catch (IOException e) {
            throw new BackendException("cannot read " + modulesBuiltin + ": " + e.getMessage(), e);
        }
        return names;
    }

    /** Module names treat '-' and '_' alike; the kernel writes '_'. */
    static String normalize(String name) {
        return name.replace('-', '_');
    }
}
