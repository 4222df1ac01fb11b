package org.virtbench.runner.backend.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The QEMU command line of one guest, built from a description of the machine. The backend and
 * the KVM check bundle both use this, so the check runs exactly the backend's command line.
 *
 * <p>The machine: the {@code pc} board, no default devices, no display, the kernel and initrd
 * loaded directly (no boot loader), the disk on virtio-blk, the network on virtio-net over a tap
 * device, the first serial port written to a log file (the guest's console), and
 * {@code -no-reboot} so a guest that panics or powers off ends its QEMU process.
 *
 * @param name        the guest's name, also its host name in the guest
 * @param accelerator TCG or KVM
 * @param cpus        virtual CPUs
 * @param memoryMiB   guest memory in MiB
 * @param kernel      the kernel image
 * @param initrd      the initrd
 * @param disk        the guest's qcow2 disk (its overlay)
 * @param nic         the network interface; empty for none
 * @param console     the file the serial console is written to
 * @param pidFile     the file QEMU writes its process id to, for cleanup after a crash of the runner
 * @param kernelArgs  more kernel command line words ({@code virtbench.selftest=bzip2})
 */
public record QemuCommandLine(String name, Accelerator accelerator, int cpus, long memoryMiB, Path kernel, Path initrd,
                              Path disk, Optional<Nic> nic, Path console, Path pidFile, List<String> kernelArgs) {
    /** The emulator binary. */
    public static final String QEMU = "qemu-system-x86_64";
    /** The board: i440FX, fewer devices to probe at boot than q35. */
    public static final String MACHINE = "pc";

    /**
     * A network interface on a tap device.
     *
     * @param tap     the host's tap device, already attached to a bridge (created by QEMU when missing)
     * @param mac     the guest's MAC address
     * @param address the guest's address with prefix length ({@code 10.213.1.10/24})
     * @param gateway the guest's default route
     */
    public record Nic(String tap, String mac, String address, String gateway) {
        public Nic {
            Objects.requireNonNull(tap);
            Objects.requireNonNull(mac);
            Objects.requireNonNull(address);
            Objects.requireNonNull(gateway);
        }
    }

    public QemuCommandLine {
        Objects.requireNonNull(name);
        Objects.requireNonNull(accelerator);
        if (cpus < 1) {
            throw new IllegalArgumentException("at least one CPU");
        }
        if (memoryMiB < 64) {
            throw new IllegalArgumentException("a guest needs at least 64 MiB of memory, got " + memoryMiB + " MiB");
        }
        kernelArgs = List.copyOf(kernelArgs);
        for (String word : kernelArgs) {
            if (word.isBlank() || word.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("kernel argument must be one word: '" + word + "'");
            }
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("guest name must be a host name: " + name);
        }
    }

    /** The kernel command line: a serial console, quiet boot, the network and the guest's name. */
    public String kernelCommandLine() {
        return kernelCommandLine(name, nic.map(n -> n.address()), nic.map(n -> n.gateway()), kernelArgs);
    }

    /**
     * The kernel command line the guest's initrd and init read ({@code initrd-init.sh},
     * {@code guest-init.sh}), for any machine that boots this kernel and initrd, also one that
     * libvirt starts: a serial console, quiet boot, the guest's name and, when given, its address
     * with prefix length and its default route.
     */
    public static String kernelCommandLine(String name, Optional<String> address, Optional<String> gateway, List<String> more) {
        // no_timer_check: under load (16 emulated guests booting on two cores) the kernel's check
        // that the timer interrupt ticks timed out ("8254 timer not connected to IO-APIC") and
        // the boot failed; the timer is QEMU's own and works, so the check is skipped.
        List<String> words = new ArrayList<>(List.of("console=ttyS0", "quiet", "panic=-1", "no_timer_check",
                "virtbench.hostname=" + name));
        address.ifPresent(a -> words.add("virtbench.ip=" + a));
        gateway.ifPresent(g -> words.add("virtbench.gw=" + g));
        words.addAll(more);
        return String.join(" ", words);
    }

    /** The argv, program first. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(List.of(QEMU, "-name", "guest=" + option(name), "-machine", MACHINE));
        argv.addAll(accelerator.qemuArguments());
        argv.addAll(List.of(
                "-smp", Integer.toString(cpus),
                "-m", memoryMiB + "M",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-kernel", kernel.toString(),
                "-initrd", initrd.toString(),
                "-append", kernelCommandLine(),
                "-drive", "file=" + option(disk.toString()) + ",if=none,id=disk0,format=qcow2,cache=writeback",
                "-device", "virtio-blk-pci,drive=disk0"));
        nic.ifPresent(n -> argv.addAll(List.of(
                "-netdev", "tap,id=net0,ifname=" + option(n.tap()) + ",script=no,downscript=no",
                // romfile= keeps the PXE option ROM out: nothing boots from the network
                "-device", "virtio-net-pci,netdev=net0,mac=" + n.mac() + ",romfile=")));
        argv.addAll(List.of(
                "-chardev", "file,id=console0,path=" + option(console.toString()),
                "-serial", "chardev:console0",
                "-pidfile", pidFile.toString()));
        return argv;
    }

    /** A value inside a QEMU option list, where a comma must be doubled. */
    static String option(String value) {
        return value.replace(",", ",,");
    }
}
