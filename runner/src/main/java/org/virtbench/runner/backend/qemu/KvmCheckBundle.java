package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.virtbench.runner.transport.ssh.ClientKey;

/**
 * Writes the Java-made part of the KVM check folder ({@code scripts/kvm-check/prepare.sh} makes
 * the rest): the guest kernel, the initrd and a compressed disk built by the backend's own code,
 * and the backend's own QEMU command line for a self-testing guest, once with KVM and once with
 * TCG, as one argument per line. Paths in those lines are placeholders that {@code run.sh}
 * replaces: {@code @BUNDLE@} (the folder) and {@code @WORK@} (its scratch folder on the target).
 *
 * <pre>
 * KvmCheckBundle kernel                          prints the cached kernel's folder (fetching it first)
 * KvmCheckBundle bundle --rootfs DIR --out DIR [--memory MIB]
 * </pre>
 */
public final class KvmCheckBundle {
    /** The self-test's kernel argument: the guest init times bzip2 -9 and powers off. */
    static final String SELFTEST = "virtbench.selftest=bzip2";
    private static final long DISK_BYTES = 160L << 20;

    private KvmCheckBundle() {
    }

    public static void main(String[] args) throws IOException {
        QemuSettings settings = QemuSettings.defaults();
        if (args.length == 1 && args[0].equals("kernel")) {
            System.out.println(GuestKernel.ensure(settings.cache()).vmlinuz().getParent());
            return;
        }
        Path rootfs = null;
        Path out = null;
        long memoryMiB = 256;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rootfs" -> rootfs = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--memory" -> memoryMiB = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length == 0 || !args[0].equals("bundle") || rootfs == null || out == null) {
            System.err.println("usage: KvmCheckBundle kernel | bundle --rootfs DIR --out DIR [--memory MIB]");
            System.exit(2);
        }
        write(settings, rootfs, out, memoryMiB);
    }

    static void write(QemuSettings settings, Path rootfs, Path out, long memoryMiB) throws IOException {
        Files.createDirectories(out);
        GuestKernel kernel = GuestKernel.ensure(settings.cache());
        ClientKey key = ClientKey.ensure(settings.cache().resolve("client-key"));
        Path initrd = Initrd.ensure(kernel, key.publicKeyLine(), settings.cache());
        // The self-test disk is built in a scratch cache inside the build, not next to a shared image.
        Path disk = GuestDisk.base(rootfs, DISK_BYTES, true, rootfs.toAbsolutePath().getParent().resolve("disk-cache"));
        // The backend boots the uncompressed vmlinux (PVH) when it has one; carried gzipped, as
        // 66 MB would not fit, and unpacked by run.sh into its scratch folder.
        Path kernelArg;
        if (kernel.bootImage().getFileName().toString().equals("vmlinux")) {
            try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out.resolve("vmlinux.gz")))) {
                Files.copy(kernel.bootImage(), gz);
            }
            kernelArg = Path.of("@WORK@/vmlinux");
        } else {
            Files.copy(kernel.vmlinuz(), out.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
            kernelArg = Path.of("@BUNDLE@/vmlinuz");
        }
        Files.copy(initrd, out.resolve("initrd.img"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(disk, out.resolve("disk.qcow2"), StandardCopyOption.REPLACE_EXISTING);
        for (Accelerator accel : Accelerator.values()) {
            QemuCommandLine line = new QemuCommandLine("kvmcheck", accel, 1, memoryMiB,
                    kernelArg, Path.of("@BUNDLE@/initrd.img"), Path.of("@WORK@/disk.qcow2"),
                    Optional.of(new QemuCommandLine.Nic("vbkvmchk0", "52:54:00:fa:00:0a", "10.213.250.10/24", "10.213.250.1")),
                    Path.of("@WORK@/console.fifo"), Path.of("@WORK@/qemu.pid"), List.of(SELFTEST));
            Files.write(out.resolve("qemu-" + accel.id() + ".args"), line.argv());
        }
        Files.writeString(out.resolve("guest-kernel.txt"), kernel.release() + ", " + kernel.bootNote() + ", from " + kernel.origin() + "\n");
    }
}
