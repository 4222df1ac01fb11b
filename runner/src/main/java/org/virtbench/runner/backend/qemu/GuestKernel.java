package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.virtbench.backend.BackendException;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.HostCommands;

/**
 * The guest's kernel and what its initrd is made of, taken from Debian's own packages without
 * installing anything on the host: {@code apt-get download} fetches {@code linux-image-<release>}
 * (the one {@code linux-image-amd64} points to) and {@code busybox-static}, {@code dpkg-deb -x}
 * unpacks them into a scratch folder, and only the kernel image, the busybox binary and the few
 * modules of {@link KernelModules#GUEST_MODULES} are kept in the cache.
 *
 * <p>Cache layout: {@code <cache>/kernel/<release>/} with {@code vmlinuz}, {@code busybox},
 * {@code modules/NN-name.ko} (NN is the load order) and {@code package} (what it came from).
 * Once a kernel is cached it is used as it is, so guests of later runs boot the same kernel;
 * delete the folder to take a newer one.
 *
 * @param release  the kernel release, {@code uname -r} in the guest ({@code 6.1.0-56-amd64})
 * @param vmlinuz  the kernel image as packaged (compressed)
 * @param bootImage what QEMU's {@code -kernel} loads: {@code vmlinux} for a PVH boot, or {@code vmlinuz}
 *                 when the kernel could not be unpacked ({@code bootNote} says why)
 * @param bootNote how the kernel boots, for the facts
 * @param busybox  a static busybox for the initrd
 * @param modules  module files in load order
 * @param origin   the packages and versions it was taken from
 */
public record GuestKernel(String release, Path vmlinuz, Path bootImage, String bootNote, Path busybox, List<Path> modules,
                          String origin) {
    private static final Pattern DEPENDS = Pattern.compile("Depends:\\s*(linux-image-[^\\s,(]+)");

    public GuestKernel {
        modules = List.copyOf(modules);
    }

    /**
     * The cached kernel, fetched first when the cache has none.
     *
     * @throws BackendException when apt-get or dpkg-deb are missing or the download fails
     */
    public static synchronized GuestKernel ensure(Path cache) {
        Path kernels = cache.resolve("kernel");
        return newestIn(kernels).orElseGet(() -> fetch(kernels));
    }

    private static Optional<GuestKernel> newestIn(Path kernels) {
        if (!Files.isDirectory(kernels)) {
            return Optional.empty();
        }
        List<Path> complete = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(kernels)) {
            for (Path dir : entries) {
                if (!dir.getFileName().toString().startsWith(".") && Files.isRegularFile(dir.resolve("package"))) {
                    complete.add(dir);
                }
            }
        } catch (IOException e) {
            throw new BackendException("cannot list " + kernels + ": " + e.getMessage(), e);
        }
        return complete.stream().max(Path::compareTo).map(GuestKernel::load);
    }

    private static GuestKernel load(Path dir) {
        try (Stream<Path> files = Files.list(dir.resolve("modules"))) {
            List<Path> modules = files.filter(p -> p.toString().endsWith(".ko")).sorted().toList();
            Path vmlinuz = dir.resolve("vmlinuz");
            Path vmlinux = dir.resolve("vmlinux");
            Optional<String> problem = Files.isRegularFile(vmlinux) ? Optional.empty() : KernelImage.extractVmlinux(vmlinuz, vmlinux);
            return new GuestKernel(dir.getFileName().toString(), vmlinuz, problem.isEmpty() ? vmlinux : vmlinuz,
                    problem.map(p -> "compressed image (" + p + ")").orElse("uncompressed vmlinux, PVH entry"),
                    dir.resolve("busybox"), modules, Files.readString(dir.resolve("package"), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new BackendException("the cached kernel in " + dir + " is incomplete; delete that folder: " + e.getMessage(), e);
        }
    }

    private static GuestKernel fetch(Path kernels) {
        for (String tool : List.of("apt-get", "apt-cache", "dpkg-deb")) {
            if (!HostCommands.has(tool)) {
                throw new BackendException(tool + " is missing: the guest kernel is taken from Debian's linux-image-amd64 package,"
                        + " which needs a Debian or Ubuntu host with apt");
            }
        }
        String kernelPackage = kernelPackage();
        Path scratch = null;
        try {
            Files.createDirectories(kernels);
            scratch = Files.createTempDirectory(kernels, ".fetch-");
            run(Command.of("apt-get", "download", "-q", kernelPackage, "busybox-static").withWorkingDirectory(scratch.toString())
                    .withTimeout(Duration.ofMinutes(20)), "download " + kernelPackage + " and busybox-static");
            Path kernelDeb = only(scratch, "linux-image-*.deb");
            Path busyboxDeb = only(scratch, "busybox-static_*.deb");
            Path unpacked = scratch.resolve("kernel");
            Path busyboxTree = scratch.resolve("busybox");
            run(Command.of("dpkg-deb", "-x", kernelDeb.toString(), unpacked.toString()).withTimeout(Duration.ofMinutes(10)), "unpack " + kernelDeb);
            run(Command.of("dpkg-deb", "-x", busyboxDeb.toString(), busyboxTree.toString()).withTimeout(Duration.ofMinutes(2)), "unpack " + busyboxDeb);
            Path release = onlyDirectory(unpacked.resolve("lib/modules"));
            String name = release.getFileName().toString();
            Path staged = scratch.resolve("result");
            Files.createDirectories(staged.resolve("modules"));
            Files.copy(unpacked.resolve("boot/vmlinuz-" + name), staged.resolve("vmlinuz"));
            Files.copy(busyboxTree.resolve("bin/busybox"), staged.resolve("busybox"));
            List<Path> order = KernelModules.resolve(release, KernelModules.GUEST_MODULES);
            for (int i = 0; i < order.size(); i++) {
                String file = order.get(i).getFileName().toString();
                Files.copy(order.get(i), staged.resolve("modules").resolve(String.format("%02d-%s", i, file)));
            }
            Files.writeString(staged.resolve("package"), kernelDeb.getFileName() + " " + busyboxDeb.getFileName() + "\n");
            Path target = kernels.resolve(name);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return load(target);
        } catch (IOException e) {
            throw new BackendException("cannot prepare the guest kernel in " + kernels + ": " + e.getMessage(), e);
        } finally {
            if (scratch != null) {
                HostCommands.run("rm", "-rf", "--one-file-system", scratch.toString());
            }
        }
    }

    /** The versioned package {@code linux-image-amd64} depends on, such as {@code linux-image-6.1.0-56-amd64}. */
    private static String kernelPackage() {
        CommandResult depends = HostCommands.run("apt-cache", "depends", "linux-image-amd64");
        Matcher m = DEPENDS.matcher(depends.stdout());
        if (!depends.ok() || !m.find()) {
            throw new BackendException("apt-cache cannot resolve linux-image-amd64 (" + depends.output().trim()
                    + "); run apt-get update first");
        }
        return m.group(1);
    }

    private static void run(Command command, String what) {
        CommandResult r = HostCommands.run(command);
        if (!r.ok()) {
            throw new BackendException("cannot " + what + ": " + command + " exited with " + r.exitCode() + ": " + r.output().trim());
        }
    }

    private static Path only(Path dir, String glob) throws IOException {
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, glob)) {
            List<Path> found = new ArrayList<>();
            matches.forEach(found::add);
            if (found.size() != 1) {
                throw new BackendException("expected one " + glob + " in " + dir + ", found " + found);
            }
            return found.get(0);
        }
    }

    private static Path onlyDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> found = entries.filter(Files::isDirectory).toList();
            if (found.size() != 1) {
                throw new BackendException("expected one kernel release in " + dir + ", found " + found);
            }
            return found.get(0);
        }
    }
}
