package org.virtbench.runner.backend.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.backend.BackendException;

/** The QEMU backend's pieces that need no QEMU: command line, settings, modules, cpio, fingerprints. */
class QemuPartsTest {
    @TempDir
    Path dir;

    private QemuCommandLine line(Accelerator accel, Optional<QemuCommandLine.Nic> nic) {
        return new QemuCommandLine("qemu-0", accel, 2, 128, Path.of("/c/vmlinuz"), Path.of("/c/initrd.img"),
                Path.of("/run/a,b/guest-0.qcow2"), nic, Path.of("/out/qemu-0.console.log"), Path.of("/run/guest-0.pid"),
                List.of("virtbench.selftest=bzip2"));
    }

    @Test
    void commandLineUnderTcgBoundsTheTranslationCacheAndUsesVirtio() {
        List<String> argv = line(Accelerator.TCG, Optional.of(new QemuCommandLine.Nic("vqabcdefg0", "52:54:00:01:00:00",
                "10.213.1.10/24", "10.213.1.1"))).argv();
        String joined = String.join(" ", argv);
        assertEquals("qemu-system-x86_64", argv.get(0));
        assertTrue(joined.contains("-accel tcg,tb-size=64 -cpu max"), joined);
        assertTrue(joined.contains("-m 128M") && joined.contains("-smp 2"), joined);
        assertTrue(joined.contains("file=/run/a,,b/guest-0.qcow2,if=none"), "commas in paths are doubled: " + joined);
        assertTrue(joined.contains("virtio-blk-pci") && joined.contains("virtio-net-pci,netdev=net0,mac=52:54:00:01:00:00,romfile="));
        assertTrue(joined.contains("tap,id=net0,ifname=vqabcdefg0,script=no,downscript=no"), joined);
        String append = argv.get(argv.indexOf("-append") + 1);
        assertEquals("console=ttyS0 quiet panic=-1 no_timer_check virtbench.hostname=qemu-0 virtbench.ip=10.213.1.10/24 virtbench.gw=10.213.1.1"
                + " virtbench.selftest=bzip2", append);
        assertTrue(argv.contains("-no-reboot") && argv.contains("-nodefaults"));
    }

    @Test
    void commandLineUnderKvmUsesTheHostCpu() {
        String joined = String.join(" ", line(Accelerator.KVM, Optional.empty()).argv());
        assertTrue(joined.contains("-accel kvm -cpu host"), joined);
        assertTrue(!joined.contains("-netdev"), joined);
    }

    @Test
    void settingsParseAndRejectUnknownOptions() {
        QemuSettings s = QemuSettings.parse("accel=kvm,cpus=2,disk=4GiB,boot-timeout=90,rootfs=/images/x/rootfs");
        assertEquals(Optional.of(Accelerator.KVM), s.accelerator());
        assertEquals(2, s.cpus());
        assertEquals(4L << 30, s.diskBytes());
        assertEquals(Duration.ofSeconds(90), s.bootTimeout(Accelerator.TCG, 8));
        assertEquals(Optional.of(Path.of("/images/x/rootfs")), s.rootfs());
        assertEquals(Duration.ofSeconds(60 + 20 * 4), QemuSettings.defaults().bootTimeout(Accelerator.TCG, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QemuSettings.parse("acel=kvm"));
        assertTrue(e.getMessage().contains("unknown option 'acel'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> QemuSettings.parse("accel=xen"));
    }

    @Test
    void modulesComeAfterTheirDependenciesAndBuiltInsAreSkipped() throws IOException {
        Path release = dir.resolve("lib/modules/6.1.0-test");
        module(release, "fs/ext4/ext4.ko", "jbd2,mbcache,crc16");
        module(release, "fs/jbd2/jbd2.ko", "");
        module(release, "fs/mbcache.ko", "");
        module(release, "drivers/virtio/virtio-pci.ko", "virtio_ring,virtio");
        module(release, "drivers/virtio/virtio.ko", "virtio_ring");
        module(release, "drivers/virtio/virtio_ring.ko", "");
        Files.writeString(release.resolve("modules.builtin"), "kernel/lib/crc16.ko\n");
        List<String> order = KernelModules.resolve(release, List.of("virtio_pci", "ext4")).stream()
                .map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("virtio_ring.ko", "virtio.ko", "virtio-pci.ko", "jbd2.ko", "mbcache.ko", "ext4.ko"), order);
        BackendException e = assertThrows(BackendException.class, () -> KernelModules.resolve(release, List.of("virtio_net")));
        assertTrue(e.getMessage().contains("virtio_net"), e.getMessage());
    }

    private static void module(Path release, String path, String depends) throws IOException {
        Path file = release.resolve("kernel").resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, ("\u007fELF...\0license=GPL\0depends=" + depends + "\0retpoline=Y\0").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void cpioIsNewcWithPaddingAndATrailer() {
        byte[] archive = new Cpio().directory("bin", 0755).file("init", 0755, "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII)).finish();
        String text = new String(archive, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("070701"));
        assertEquals(0, archive.length % 4);
        int init = text.indexOf("init\0");
        String header = text.substring(init - 110, init);
        assertEquals("000081ED", header.substring(14, 22), "mode: regular file 0755");
        assertEquals("0000000A", header.substring(54, 62), "size");
        assertTrue(text.contains("TRAILER!!!\0"));
        assertEquals(new String(archive, StandardCharsets.US_ASCII), new String(new Cpio().directory("bin", 0755)
                .file("init", 0755, "#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII)).finish(), StandardCharsets.US_ASCII), "reproducible");
    }

    @Test
    void theTreeFingerprintFollowsContentMetadataNotListingOrder() throws IOException {
        Path root = dir.resolve("rootfs");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "a");
        String first = GuestDisk.fingerprint(root, "8G");
        assertEquals(first, GuestDisk.fingerprint(root, "8G"));
        assertTrue(!first.equals(GuestDisk.fingerprint(root, "4G")), "the size is part of the key");
        Files.writeString(root.resolve("etc/hostname"), "ab");
        assertTrue(!first.equals(GuestDisk.fingerprint(root, "8G")), "a changed file changes the key");
    }
}
