package org.virtbench.runner.backend.libvirt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.backend.qemu.GuestMedia;
import org.virtbench.runner.backend.qemu.QemuCommandLine;
import org.virtbench.runner.backend.qemu.VmGuests;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.peer.PeerNetwork;
import org.virtbench.runner.transport.ssh.SshGuest;

/**
 * The n transient libvirt domains of one cell. For each guest: a qcow2 overlay volume backed by
 * the uploaded base disk, a console file volume, and a domain created from the driver's
 * template ({@code virDomainCreateXML}: transient, so it exists only while it runs); the guest
 * boots the qemu backend's kernel and initrd with a static address on a bridge (this machine's
 * private {@link PeerNetwork} bridge for a local URI, the configured bridge for a remote one) and
 * is ready when an SSH session with its pinned host key is established.
 *
 * <p>Names: {@code vb-<owner>-<pid>-<random>-g<i>}, where owner is a digest of this machine's
 * name and pid this JVM's; volumes add {@code .qcow2} or {@code .console}. Each thing is
 * registered in a child of the caller's {@link CleanupScope} as it is made; {@link #close()}
 * (idempotent; also the process's shutdown hook) releases the last made first: per guest the SSH
 * session and the domain (a transient domain then vanishes, and libvirt removes its tap), then
 * the bridge and the peer, the run's volumes, and the connection. {@link RunNames#sweep} removes what a killed run of this machine left.
 */
final class LibvirtProvisioning implements Provisioning {
    /** The guests' work folder, as in the qemu backend's guests (the same image). */
    static final String WORK_DIR = VmGuests.WORK_DIR;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LibvirtSettings settings;
    private final ProvisionRequest request;
    private final Connect conn;
    private final String tag;
    private final Map<String, String> facts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Domain> domains = Collections.synchronizedList(new ArrayList<>());
    private volatile VmGuests guests;
    private final CleanupScope scope;
    private MediaPool pool;
    private PeerNetwork network;

    private LibvirtProvisioning(LibvirtSettings settings, ProvisionRequest request, Connect conn) {
        this.settings = settings;
        this.request = request;
        this.conn = conn;
        this.scope = CleanupScope.current().child("libvirt guests");
        scope.register("libvirt connection", conn::close);
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        this.tag = RunNames.prefix(RunNames.ownerDigest(), ProcessHandle.current()) + HexFormat.of().formatHex(random);
    }

    /**
     * Starts the domains and returns when every guest answers over SSH.
     *
     * @param conn   an open connection, closed by this provisioning
     * @param facts  the backend's facts (versions, domain type)
     * @throws BackendException after releasing whatever was created
     */
    static LibvirtProvisioning start(LibvirtSettings settings, ProvisionRequest request, Connect conn, String domainType,
                                     GuestMedia media, DomainTemplate template, Map<String, String> facts) {
        LibvirtProvisioning p = new LibvirtProvisioning(settings, request, conn);
        p.facts.putAll(facts);
        try {
            p.boot(domainType, media, template);
            return p;
        } catch (Exception e) {
            p.close();
            if (e instanceof BackendException b) {
                throw b;
            }
            throw new BackendException("cannot provision " + request.guests() + " libvirt guests on " + settings.uri() + ": "
                    + message(e), e);
        }
    }

    private void boot(String domainType, GuestMedia media, DomainTemplate template) throws Exception {
        // recorded on this machine before anything is made, for 'virtbench clean' should this run die; released
        // after the domains and volumes (registered before them), and kept when any of them is still there
        java.nio.file.Path record = LibvirtRuns.record(new LibvirtRuns.Run(settings.uri(), tag));
        scope.register("the record " + record, () -> LibvirtRuns.forgetIfNothingLeft(record, conn, tag));
        pool = MediaPool.open(conn, settings.pool());
        if (settings.local()) {
            pool.narrowLocalModes();
        }
        RunNames.sweep(conn, pool);
        // every volume this run makes starts with its tag, also one whose creation failed half-way
        scope.register("volumes " + tag + "* in " + pool, () -> {
            for (String vol : pool.volumes(tag)) {
                pool.delete(vol);
            }
        });
        String kernel = pool.upload("kernel", media.kernel().bootImage());
        String initrd = pool.upload("initrd", media.initrd());
        String base = pool.upload("base", media.baseDisk());
        Addressing net = addressing();
        long memoryMiB = request.memoryMebibytes();
        boolean tcg = domainType.equals("qemu");
        guests = new VmGuests(scope, media, tcg);
        for (int i = 0; i < request.guests(); i++) {
            String name = tag + "-g" + i;
            String disk = pool.overlay(name + ".qcow2", settings.qemu().diskBytes(), base);
            String console = pool.emptyFile(name + ".console");
            Map<String, String> values = new LinkedHashMap<>();
            values.put("domainType", domainType);
            values.put("name", name);
            values.put("owner", tag);
            values.put("memoryMiB", Long.toString(memoryMiB));
            values.put("cpus", Integer.toString(settings.qemu().cpus()));
            values.put("kernel", kernel);
            values.put("initrd", initrd);
            // no_timer_check: on a loaded host an emulated guest's IO-APIC timer check can fail
            // and panic the boot ("IO-APIC + timer doesn't work"); the check proves nothing here.
            values.put("cmdline", QemuCommandLine.kernelCommandLine(name, Optional.of(net.address(i) + "/" + net.prefix()),
                    Optional.of(net.gateway()), List.of("no_timer_check")));
            // TCG's translation cache bounded as in the qemu backend: the default costs ~1 GB per guest
            values.put("features", tcg ? "<tcg><tb-cache unit='MiB'>64</tb-cache></tcg>" : "");
            values.put("cpuMode", tcg ? "maximum" : "host-passthrough");
            values.put("disk", disk);
            values.put("bridge", net.bridge());
            values.put("mac", String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", RANDOM.nextInt(256), (i >> 8) & 0xff, i & 0xff));
            values.put("console", console);
            String xml = template.fill(values, Set.of("features"));
            Files.createDirectories(request.outputDirectory());
            Files.writeString(request.outputDirectory().resolve(name + ".xml"), xml);
            domains.add(scope.create("domain " + name, () -> conn.domainCreateXML(xml, 0), LibvirtProvisioning::destroy));
            guests.add("libvirt-" + i, i, net.address(i));
        }
        long start = System.nanoTime();
        List<Duration> boots = guests.awaitReady(settings.bootTimeout(tcg, request.guests()), new VmGuests.Boot() {
            @Override
            public void untilSshStarts(int index, long deadline, Duration limit) {
                untilPortOpen(index, deadline, limit);
            }

            @Override
            public boolean running(int index) {
                return active(index);
            }

            @Override
            public Duration bootTime(int index) {
                return Duration.ofNanos(System.nanoTime() - start);
            }

            @Override
            public String diagnosis(int index) {
                return console(index);
            }
        });
        guests.describe(facts, memoryMiB, settings.qemu().cpus(), net.addresses().subList(0, boots.size()), boots);
        facts.put("guest.disk", "qcow2 overlay volume per guest over " + base + " (" + pool + ")");
        facts.put("guest.network", "virtio-net on bridge " + net.bridge() + ", gateway " + net.gateway() + "/" + net.prefix());
        for (int i = 0; i < boots.size(); i++) {
            facts.put("guest." + i + ".domain", tag + "-g" + i);
        }
    }

    /** Bridge and addresses of the guests. */
    private record Addressing(String bridge, List<String> addresses, int prefix, String gateway) {
        String address(int i) {
            return addresses.get(i);
        }
    }

    private Addressing addressing() throws Exception {
        if (settings.local()) {
            network = scope.create("peer network", () -> PeerNetwork.create(request.peer()), PeerNetwork::close);
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < request.guests(); i++) {
                addresses.add(network.guestAddress(i));
            }
            return new Addressing(network.bridge(), addresses, network.prefixLength(), network.hostAddress());
        }
        LibvirtSettings.RemoteNetwork remote = settings.network().orElseThrow(() -> new BackendException("the libvirt host "
                + settings.remoteHost().orElse("") + " is remote: give the bridge its guests join and the addresses this machine"
                + " reaches them at, e.g. libvirt:" + settings.uri() + "#bridge=br0&addresses=192.0.2.100-192.0.2.131&prefix=24"
                + "&gateway=192.0.2.1"));
        if (request.peer()) {
            throw new BackendException("a peer host is made only for a local libvirt URI; run @Peer workloads on a remote host"
                    + " through the ssh backend, whose inventory names the peer");
        }
        if (request.guests() > remote.addresses().size()) {
            throw new BackendException("asked for " + request.guests() + " guests, but addresses= gives " + remote.addresses().size());
        }
        return new Addressing(remote.bridge(), remote.addresses(), remote.prefix(), remote.gateway());
    }

    /** Waits for guest {@code i}'s SSH port; a domain that ends fails at once. */
    private void untilPortOpen(int i, long deadline, Duration limit) {
        SshGuest guest = guests.list().get(i);
        while (!portOpen(guest.address())) {
            if (!active(i)) {
                throw new BackendException(guest.name() + " (" + name(i) + ") ended before its SSH server started. " + console(i));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BackendException(guest.name() + " (" + name(i) + ") did not open its SSH port within " + limit.toSeconds()
                        + " s (boot-timeout=). " + console(i));
            }
            sleep(100);
        }
    }

    private static boolean portOpen(String address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, 22), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean active(int i) {
        try {
            return domains.get(i).isActive() == 1;
        } catch (LibvirtException e) {
            return false; // a transient domain that ended is gone
        }
    }

    private String name(int i) {
        return tag + "-g" + i;
    }

    /** The end of a guest's console, when the pool folder is on this machine. */
    private String console(int i) {
        if (!settings.local() || pool == null) {
            return "Its console is " + name(i) + ".console in the pool on " + settings.uri() + ".";
        }
        try {
            Path file = Path.of(pool.folder(), name(i) + ".console");
            String text = org.virtbench.runner.system.TextFiles.tail(file, 64 << 10).strip();
            return "Console (" + file + "): " + (text.length() > 1500 ? "..." + text.substring(text.length() - 1500) : text);
        } catch (IOException | LibvirtException | RuntimeException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while the libvirt guests booted", e);
        }
    }

    @Override
    public List<Guest> guests() {
        return guests == null ? List.of() : List.copyOf(guests.list());
    }

    @Override
    public Optional<PeerHost> peer() {
        return network == null ? Optional.empty() : network.peer();
    }

    @Override
    public Map<String, String> facts() {
        synchronized (facts) {
            return Map.copyOf(facts);
        }
    }

    /** The prefix of every name this run gave a domain or volume. */
    String tag() {
        return tag;
    }

    /** Releases everything made, the last made first; a failure is logged, the rest still released. */
    @Override
    public void close() {
        scope.closeLogged(LibvirtProvisioning.class);
    }

    private static void destroy(Domain d) throws LibvirtException {
        try {
            d.destroy();
        } catch (LibvirtException e) {
            if (d.isActive() == 1) { // only an error when it still runs; a transient domain that ended is gone
                throw e;
            }
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
