package org.virtbench.runner.backend.qemu;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.image.ImageBuilder;
import org.virtbench.runner.transport.HostCommands;

/**
 * Full virtualization with QEMU: software emulation (TCG) where the host has no usable KVM, the
 * paper's "QEMU" row; hardware-assisted (KVM) where it has, the paper's "KVM" row. Guests boot
 * Debian's kernel with a small initrd from a qcow2 overlay over the image's root filesystem and
 * are driven over SSH. See {@link QemuProvisioning} for the guests' life and network.
 *
 * <p>The accelerator is decided once per backend: forced by {@code accel=}, else KVM when
 * {@code /dev/kvm} opens and a test boot under it works ({@link KvmProbe}), else TCG; the reason
 * for not taking KVM is kept in the facts ({@code accelerator.note}). {@link #technology()} says
 * {@code QEMU (TCG)} or {@code KVM}; deciding may first fetch the guest kernel.
 */
public final class QemuBackend implements Backend {
    private static final Pattern VERSION = Pattern.compile("version (\\S+)");
    private static final List<String> TOOLS = List.of(QemuCommandLine.QEMU, "qemu-img", "mkfs.ext4", "ssh-keygen", "ip",
            "apt-get", "dpkg-deb");

    private final String argument;
    private final QemuSettings settings;
    private Accelerator accelerator;
    private String acceleratorNote = "";

    public QemuBackend(String argument, QemuSettings settings) {
        this.argument = argument;
        this.settings = settings;
    }

    @Override
    public String id() {
        return argument.isEmpty() ? "qemu" : "qemu:" + argument;
    }

    /**
     * The least memory a QEMU guest of the guest image boots in (kernel, initrd, sshd), for qemu and
     * libvirt alike: below it a cell does not fit, as in the paper's Table 4 at n = 32.
     */
    public static final long MINIMUM_GUEST_MEMORY_BYTES = 64L << 20;

    @Override
    public long minimumGuestMemoryBytes() {
        return MINIMUM_GUEST_MEMORY_BYTES;
    }

    @Override
    public String technology() {
        return accelerator().technology();
    }

    /** The accelerator guests run under; decided on first use. */
    public synchronized Accelerator accelerator() {
        if (accelerator == null) {
            if (settings.accelerator().isPresent()) {
                accelerator = settings.accelerator().get();
                acceleratorNote = "chosen by accel=" + accelerator.id();
            } else {
                Optional<String> problem = KvmProbe.deviceProblem()
                        .or(() -> KvmProbe.problem(GuestKernel.ensure(settings.cache()).bootImage()));
                accelerator = problem.isPresent() ? Accelerator.TCG : Accelerator.KVM;
                acceleratorNote = problem.map(p -> "KVM not used: " + p).orElse("KVM test boot succeeded");
            }
        }
        return accelerator;
    }

    @Override
    public Probe probe() {
        for (String tool : TOOLS) {
            if (!HostCommands.has(tool)) {
                return Probe.unavailable(tool + " is missing; run scripts/install-deps.sh (Debian packages qemu-system-x86,"
                        + " qemu-utils, e2fsprogs, openssh-client, iproute2, apt, dpkg)");
            }
        }
        CommandResult uid = HostCommands.run("id", "-u");
        if (!uid.ok() || !uid.stdout().trim().equals("0")) {
            return Probe.unavailable("the qemu backend must run as root: it creates a bridge and tap devices for the guests");
        }
        try {
            BootImage.locate(settings, List.of());
        } catch (BackendException e) {
            return Probe.unavailable(e.getMessage());
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("qemu.version", qemuVersion());
        KvmProbe.deviceProblem().ifPresentOrElse(p -> facts.put("accelerator", "tcg (" + p + ")"),
                () -> facts.put("accelerator", settings.accelerator().map(Accelerator::id).orElse("kvm if a test boot works, else tcg")));
        return Probe.available(facts);
    }

    @Override
    public List<String> sweepLeftovers() {
        List<String> removed = new java.util.ArrayList<>();
        RunDirectory.sweep(settings.work()).forEach(run -> removed.add("qemu run folder " + run
                + " with its QEMU processes and taps"));
        removed.addAll(org.virtbench.runner.peer.PeerNetwork.sweepStale());
        return removed;
    }

    @Override
    public Provisioning provision(ProvisionRequest request) {
        BootImage image = BootImage.locate(settings, request.packages());
        GuestMedia media = GuestMedia.prepare(image, settings, false);
        Accelerator accel = accelerator();
        return QemuProvisioning.start(request, media, accel, settings, facts(media, accel, request.packages()));
    }

    private synchronized Map<String, String> facts(GuestMedia media, Accelerator accel, List<String> packages) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("technology", accel.technology());
        facts.put("accelerator", accel.id());
        facts.put("accelerator.note", acceleratorNote);
        facts.put("qemu.version", qemuVersion());
        facts.put("qemu.machine", QemuCommandLine.MACHINE);
        facts.put("qemu.cpu", accel.qemuArguments().get(3));
        if (accel == Accelerator.TCG) {
            facts.put("qemu.tcg.tb-size", Accelerator.TB_SIZE_MIB + " MiB");
        }
        facts.put("guest.kernel", media.kernel().release() + " (" + media.kernel().origin() + ")");
        facts.put("guest.kernel.boot", media.kernel().bootNote());
        facts.put("guest.image", media.image().rootfs().toString());
        facts.put("guest.disk", "ext4 on virtio-blk, qcow2 overlay per guest over " + media.baseDisk());
        facts.put("transport", "SSH (JSch), host key pinned: " + media.image().hostKey());
        // the guest column of the paper's Table 2: the workload's packages as installed in the guests
        ImageBuilder.packageVersions(media.image().rootfs(), packages)
                .forEach((pkg, version) -> facts.put("guest.package." + pkg, version));
        media.image().rootShell().ifPresent(shell -> facts.put("guest.root-shell", shell.equals("/bin/bash")
                ? "/bin/sh in each guest's overlay (the image has /bin/bash; dash starts faster for every SSH command)" : shell));
        return facts;
    }

    /** {@code 7.2.22}, from {@code qemu-system-x86_64 --version}. */
    static String qemuVersion() {
        CommandResult r = HostCommands.run(QemuCommandLine.QEMU, "--version");
        String first = r.stdout().lines().findFirst().orElse("").trim();
        Matcher m = VERSION.matcher(first);
        return m.find() ? m.group(1) : first;
    }
}
