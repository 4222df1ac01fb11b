package org.virtbench.runner.backend.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.runner.backend.qemu.QemuBackend;
import org.virtbench.runner.backend.qemu.BootImage;
import org.virtbench.runner.backend.qemu.GuestKernel;
import org.virtbench.runner.backend.qemu.GuestMedia;
import org.virtbench.runner.backend.qemu.KvmProbe;
import org.virtbench.runner.meta.GuestMetadata;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.HostCommands;

/**
 * Guests as transient libvirt domains, on this machine or any host a libvirt URI reaches
 * ({@code qemu:///system}, {@code qemu+ssh://root@kvm1/system}); see {@link LibvirtSettings} for
 * the options and {@link LibvirtProvisioning} for the guests' life. The guests are the qemu
 * backend's (its image, kernel, initrd and SSH transport with pinned host keys); libvirt starts
 * and confines them as it does in production, which is what this backend measures.
 *
 * <p>libvirt is driven through its Java binding {@code org.libvirt:libvirt} (over JNA) rather than
 * {@code virsh}: the binding returns the versions as numbers ({@code virConnectGetVersion},
 * {@code virConnectGetLibVersion}) and failures as {@link LibvirtException}s instead of text to
 * parse, keeps one authenticated connection for a whole provisioning (one SSH handshake to a
 * remote host, not one per command), and streams the guest media into the host's storage pool
 * in-process. It needs the C library {@code libvirt0}, which any machine with {@code virsh} has.
 *
 * <p>The domain type is {@code kvm} where the host offers it and, for a local URI, a test boot
 * under KVM works ({@link KvmProbe}: a /dev/kvm that opens may still hang every guest, as a
 * nested PVM module does); else {@code qemu}, software emulation. Both the type and the versions
 * of libvirt and the hypervisor go into the facts, so Table 3 names the real technology.
 */
public final class LibvirtBackend implements Backend {
    private final String argument;
    private final LibvirtSettings settings;
    private String domainType;
    private String domainTypeNote = "";

    public LibvirtBackend(String argument, LibvirtSettings settings) {
        this.argument = argument;
        this.settings = settings;
    }

    @Override
    public String id() {
        return "libvirt:" + argument;
    }

    @Override
    public String host() {
        return settings.remoteHost().orElse(LOCAL_HOST);
    }

    /** {@code QEMU (TCG) through libvirt, domain type qemu} or {@code KVM through libvirt, domain type kvm}. */
    /** The same least memory as a qemu guest: the same image boots in both. */
    @Override
    public long minimumGuestMemoryBytes() {
        return QemuBackend.MINIMUM_GUEST_MEMORY_BYTES;
    }

    @Override
    public String technology() {
        try (Connection c = connect()) {
            return technology(domainType(c.conn()));
        } catch (LibvirtException e) {
            return "libvirt (" + settings.uri() + " unreachable)";
        }
    }

    private static String technology(String type) {
        return (type.equals("kvm") ? "KVM" : "QEMU (TCG)") + " through libvirt, domain type " + type;
    }

    /** The domain type guests get; decided once, see the class comment. */
    synchronized String domainType(Connect conn) throws LibvirtException {
        if (domainType != null) {
            return domainType;
        }
        if (settings.domainType().isPresent()) {
            domainType = settings.domainType().get();
            domainTypeNote = "chosen by domain-type=" + domainType;
            return domainType;
        }
        boolean offered = conn.getCapabilities().contains("<domain type='kvm'");
        if (!offered) {
            domainType = "qemu";
            domainTypeNote = "the host's libvirt offers no kvm domains";
        } else if (settings.local()) {
            Optional<String> problem = KvmProbe.deviceProblem()
                    .or(() -> KvmProbe.problem(GuestKernel.ensure(settings.qemu().cache()).bootImage()));
            domainType = problem.isPresent() ? "qemu" : "kvm";
            domainTypeNote = problem.map(p -> "kvm offered but not used: " + p).orElse("KVM test boot succeeded");
        } else {
            domainType = "kvm";
            domainTypeNote = "the remote host's libvirt offers kvm domains";
        }
        return domainType;
    }

    @Override
    public Probe probe() {
        if (settings.local()) {
            CommandResult uid = HostCommands.run("id", "-u");
            if (!uid.ok() || !uid.stdout().trim().equals("0")) {
                return Probe.unavailable("a local libvirt URI needs root: the guests' bridge is created here");
            }
        }
        for (String tool : List.of("mkfs.ext4", "qemu-img", "apt-get", "dpkg-deb", "ssh-keygen")) {
            if (!HostCommands.has(tool)) {
                return Probe.unavailable(tool + " is missing here (the guest media are made on this machine);"
                        + " run scripts/install-deps.sh");
            }
        }
        try (Connection c = connect()) {
            String driver = c.conn().getType();
            if (settings.template().isEmpty() && DomainTemplate.builtIn(driver).isEmpty()) {
                return Probe.unavailable(DomainTemplate.unsupported(driver));
            }
            BootImage.locate(settings.qemu(), List.of());
            return Probe.available(versions(c.conn()));
        } catch (LibvirtException e) {
            return Probe.unavailable("cannot connect to " + settings.uri() + ": " + e.getMessage()
                    + (settings.local() ? "; start libvirtd (and virtlogd), Debian's libvirt-daemon-system" : ""));
        } catch (BackendException e) {
            return Probe.unavailable(e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Probe.unavailable("libvirt's C library cannot be loaded (" + e.getMessage() + "); install Debian's libvirt0");
        }
    }

    /** The driver, the hypervisor's and libvirt's versions and the host's name. */
    private Map<String, String> versions(Connect conn) throws LibvirtException {
        Map<String, String> facts = new LinkedHashMap<>();
        String driver = conn.getType();
        String hypervisor = driver + " " + version(conn.getVersion());
        String library = version(conn.getLibVersion());
        facts.put("libvirt.uri", settings.uri());
        facts.put("libvirt.driver", driver);
        facts.put("libvirt.hypervisor", hypervisor);
        facts.put("libvirt.library", library);
        // The one fact named "version": Table 3's version column.
        facts.put("version", hypervisor + ", libvirt " + library);
        facts.put(GuestMetadata.HOST_NAME, conn.getHostName());
        if (settings.local()) {
            facts.put(GuestMetadata.HOST_KERNEL, read("/proc/sys/kernel/osrelease"));
        }
        return facts;
    }

    /** libvirt's packed version, {@code major * 1,000,000 + minor * 1,000 + release}, as {@code 9.0.0}. */
    static String version(long packed) {
        return (packed / 1_000_000) + "." + (packed / 1_000 % 1_000) + "." + (packed % 1_000);
    }

    /** Removes the domains and volumes that dead runs of this machine left on this URI, as their records name them. */
    @Override
    public List<String> sweepLeftovers() {
        return LibvirtRuns.sweepDead(uri -> uri.equals(settings.uri()));
    }

    /** What {@code virtbench clean --backend libvirt} does: the sweep of every dead run's records, whatever its URI. */
    public static List<String> sweepEveryUri() {
        return LibvirtRuns.sweepDead(uri -> true);
    }

    @Override
    public Provisioning provision(ProvisionRequest request) {
        BootImage image = BootImage.locate(settings.qemu(), request.packages());
        GuestMedia media = GuestMedia.prepare(image, settings.qemu(), false);
        Connection c;
        try {
            c = connect();
        } catch (LibvirtException e) {
            throw new BackendException("cannot connect to " + settings.uri() + ": " + e.getMessage(), e);
        }
        try {
            String type = domainType(c.conn());
            DomainTemplate template = DomainTemplate.forDriver(c.conn().getType(), settings.template());
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("technology", technology(type));
            facts.put("accelerator", type.equals("kvm") ? "kvm" : "tcg");
            facts.put("libvirt.domain-type", type);
            facts.put("libvirt.domain-type.note", domainTypeNote);
            facts.putAll(versions(c.conn()));
            facts.put("guest.kernel", media.kernel().release() + " (" + media.kernel().origin() + ")");
            facts.put("guest.image", image.rootfs().toString());
            facts.put("transport", "SSH (JSch), host key pinned: " + image.hostKey());
            return LibvirtProvisioning.start(settings, request, c.conn(), type, media, template, facts);
        } catch (LibvirtException | RuntimeException e) {
            c.close();
            throw e instanceof BackendException b ? b : new BackendException("libvirt on " + settings.uri() + ": " + e.getMessage(), e);
        }
    }

    private Connection connect() throws LibvirtException {
        quiet();
        return new Connection(new Connect(settings.uri(), false));
    }

    /** Kept referenced: JNA callbacks that are collected crash the process when called. */
    private static final org.libvirt.jna.Libvirt.VirErrorCallback SILENT = (userData, error) -> { };
    private static boolean silenced;

    /**
     * Stops libvirt's default error handler from printing every error to standard error: the
     * binding throws each one as a {@link LibvirtException} already, and lookups that find
     * nothing (a missing volume before its upload) are expected.
     */
    static synchronized void quiet() throws LibvirtException {
        if (!silenced) {
            Connect.setErrorCallback(SILENT);
            silenced = true;
        }
    }

    /** A connection closed by try-with-resources, unless a provisioning took it over. */
    private record Connection(Connect conn) implements AutoCloseable {
        @Override
        public void close() {
            try {
                conn.close();
            } catch (LibvirtException e) {
                // closed already, or the daemon went away: nothing to release
            }
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
