package org.virtbench.runner.backend.qemu;

import org.virtbench.runner.system.StateFolders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.virtbench.plan.DataSize;

/**
 * The {@code qemu} backend's options, from its argument {@code qemu:key=value,key=value}.
 *
 * <ul>
 *   <li>{@code rootfs=DIR}: the guest image's root filesystem (default: {@code $VIRTBENCH_QEMU_ROOTFS},
 *       else the smallest cached image with an SSH server and the workload's packages)</li>
 *   <li>{@code accel=auto|kvm|tcg}: {@code auto} (default) takes KVM when a test boot under it works</li>
 *   <li>{@code cpus=N}: virtual CPUs per guest (default 1)</li>
 *   <li>{@code disk=SIZE}: the guest file system's size, sparse (default 8GiB)</li>
 *   <li>{@code boot-timeout=SECONDS}: how long n guests may take to become reachable
 *       (default 60 + 20 per guest under TCG, 30 + 5 per guest under KVM)</li>
 *   <li>{@code cache=DIR}: kernel, initrd and client key (default {@code $XDG_CACHE_HOME/virtbench/qemu}
 *       or {@code ~/.cache/virtbench/qemu})</li>
 *   <li>{@code work=DIR}: where runs keep their overlays (default {@code /var/lib/virtbench/qemu}, checked private)</li>
 * </ul>
 *
 * @param rootfs      the guest root filesystem, when given
 * @param accelerator the accelerator, when forced; empty for automatic
 * @param cpus        virtual CPUs per guest
 * @param diskBytes   the guest file system's size
 * @param bootTimeout the boot limit, when given
 * @param cache       the backend's cache folder
 * @param work        the folder of run folders
 */
public record QemuSettings(Optional<Path> rootfs, Optional<Accelerator> accelerator, int cpus, long diskBytes,
                           Optional<Duration> bootTimeout, Path cache, Path work) {

    /** The guest file system's default size. */
    public static final long DEFAULT_DISK_BYTES = 8L << 30;

    public QemuSettings {
        if (cpus < 1 || cpus > 64) {
            throw new IllegalArgumentException("cpus must be 1..64, got " + cpus);
        }
        if (diskBytes < (256L << 20)) {
            throw new IllegalArgumentException("disk must be at least 256MiB");
        }
        cache = cache.toAbsolutePath().normalize();
        work = work.toAbsolutePath().normalize();
        rootfs = rootfs.map(p -> p.toAbsolutePath().normalize());
    }

    /** The defaults. */
    public static QemuSettings defaults() {
        return parse("");
    }

    /**
     * Parses the backend argument.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad part
     */
    public static QemuSettings parse(String argument) {
        Optional<Path> rootfs = Optional.empty();
        Optional<Accelerator> accelerator = Optional.empty();
        int cpus = 1;
        long disk = DEFAULT_DISK_BYTES;
        Optional<Duration> boot = Optional.empty();
        Path cache = defaultCache();
        Path work = StateFolders.root().resolve("qemu");
        for (String part : argument.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("qemu: expected key=value, got '" + part + "'");
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            switch (key) {
                case "rootfs" -> rootfs = Optional.of(Path.of(value));
                case "accel" -> accelerator = switch (value.toLowerCase(Locale.ROOT)) {
                    case "auto" -> Optional.empty();
                    case "kvm" -> Optional.of(Accelerator.KVM);
                    case "tcg" -> Optional.of(Accelerator.TCG);
                    default -> throw new IllegalArgumentException("qemu: accel must be auto, kvm or tcg, got '" + value + "'");
                };
                case "cpus" -> cpus = integer(key, value);
                case "disk" -> disk = DataSize.parse(value).bytes();
                case "boot-timeout" -> boot = Optional.of(Duration.ofSeconds(integer(key, value)));
                case "cache" -> cache = Path.of(value);
                case "work" -> work = Path.of(value);
                default -> throw new IllegalArgumentException("qemu: unknown option '" + key
                        + "'; known: rootfs, accel, cpus, disk, boot-timeout, cache, work");
            }
        }
        return new QemuSettings(rootfs, accelerator, cpus, disk, boot, cache, work);
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("qemu: " + key + " must be a whole number, got '" + value + "'");
        }
    }

    private static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("virtbench").resolve("qemu");
    }

    /** The boot limit for {@code guests} guests booting together under {@code accel}. */
    public Duration bootTimeout(Accelerator accel, int guests) {
        return bootTimeout.orElseGet(() -> accel == Accelerator.TCG
                ? Duration.ofSeconds(60 + 20L * guests)
                : Duration.ofSeconds(30 + 5L * guests));
    }

    /** A copy with this root filesystem. */
    public QemuSettings withRootfs(Path dir) {
        return new QemuSettings(Optional.of(dir), accelerator, cpus, diskBytes, bootTimeout, cache, work);
    }
}
