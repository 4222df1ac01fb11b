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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.virtbench.runner.system.StateFolders;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.backend.qemu.GuestMedia;
import org.virtbench.runner.backend.qemu.QemuCommandLine;
import org.virtbench.runner.peer.PeerNetwork;
import org.virtbench.runner.transport.ssh.SshEndpoint;
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
 * name and pid this JVM's; volumes add {@code .qcow2} or {@code .console}. {@link #close()}
 * (idempotent, also from a shutdown hook) disconnects SSH, destroys every domain (a transient
 * domain then vanishes, and libvirt removes its tap), deletes the run's volumes, the bridge and
 * the peer, and closes the connection. {@link RunNames#sweep} removes what a killed run of this machine left.
 */
final class LibvirtProvisioning implements Provisioning {
    /** The guests' work folder, as in the qemu backend's guests (the same image). */
    static final String WORK_DIR = StateFolders.GUEST_WORK;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LibvirtSettings settings;
    private final ProvisionRequest request;
    private final Connect conn;
    private final String tag;
    private final Map<String, String> facts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Domain> domains = Collections.synchronizedList(new ArrayList<>());
    private final List<SshGuest> guests = Collections.synchronizedList(new ArrayList<>());
    private final Thread shutdownHook = new Thread(this::close, "virtbench-libvirt-teardown");
    private MediaPool pool;
    private PeerNetwork network;
    /** This run's record on this machine, for {@code virtbench clean} should it die before {@link #close()}. */
    private java.nio.file.Path record;
    private boolean closed;

    private LibvirtProvisioning(LibvirtSettings settings, ProvisionRequest request, Connect conn) {
        this.settings = settings;
        this.request = request;
        this.conn = conn;
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
        } catch (RuntimeException | LibvirtException | IOException e) {
            p.close();
            if (e instanceof BackendException b) {
                throw b;
            }
            throw new BackendException("cannot provision " + request.guests() + " libvirt guests on " + settings.uri() + ": "
                    + message(e), e);
        }
    }

    private void boot(String domainType, GuestMedia media, DomainTemplate template) throws LibvirtException, IOException {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        record = LibvirtRuns.record(new LibvirtRuns.Run(settings.uri(), tag));
        pool = MediaPool.open(conn, settings.pool());
        if (settings.local()) {
            pool.narrowLocalModes();
        }
        RunNames.sweep(conn, pool);
        String kernel = pool.upload("kernel", media.kernel().bootImage());
        String initrd = pool.upload("initrd", media.initrd());
        String base = pool.upload("base", media.baseDisk());
        Addressing net = addressing();
        long memoryMiB = request.memoryMebibytes();
        boolean tcg = domainType.equals("qemu");
        for (int i = 0; i < request.guests(); i++) {
            String name = tag + "-g" + i;
            String disk = guarded(() -> pool.overlay(name + ".qcow2", settings.qemu().diskBytes(), base));
            String console = guarded(() -> pool.emptyFile(name + ".console"));
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
            domains.add(guarded(() -> conn.domainCreateXML(xml, 0)));
            SshEndpoint endpoint = new SshEndpoint(net.address(i), 22, "root", media.clientKey().privateKey(), media.image().hostKey(),
                    Duration.ofSeconds(tcg ? 20 : 10));
            guests.add(new SshGuest("libvirt-" + i, i, WORK_DIR, endpoint));
        }
        List<Duration> boots = awaitAll(settings.bootTimeout(tcg, request.guests()));
        for (SshGuest guest : guests) {
            guest.run("mkdir", "-p", WORK_DIR).requireSuccess();
        }
        facts.put("guest.memory", memoryMiB + " MiB");
        facts.put("guest.cpus", Integer.toString(settings.qemu().cpus()));
        facts.put("guest.disk", "qcow2 overlay volume per guest over " + base + " (" + pool + ")");
        facts.put("guest.network", "virtio-net on bridge " + net.bridge() + ", gateway " + net.gateway() + "/" + net.prefix());
        for (int i = 0; i < boots.size(); i++) {
            facts.put("guest." + i + ".domain", tag + "-g" + i);
            facts.put("guest." + i + ".address", net.address(i));
            facts.put("guest." + i + ".boot.seconds", String.format(Locale.ROOT, "%.3f", boots.get(i).toNanos() / 1e9));
        }
    }

    /** Bridge and addresses of the guests. */
    private record Addressing(String bridge, List<String> addresses, int prefix, String gateway) {
        String address(int i) {
            return addresses.get(i);
        }
    }

    private Addressing addressing() {
        if (settings.local()) {
            guardedRun(() -> network = PeerNetwork.create(request.peer()));
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

    @FunctionalInterface
    private interface Creation<T> {
        T create() throws LibvirtException;
    }

    /** Creates something teardown must find, unless teardown already ran (a shutdown hook may close this mid-boot). */
    private <T> T guarded(Creation<T> create) throws LibvirtException {
        synchronized (this) {
            if (closed) {
                throw new BackendException("the libvirt guests are being torn down (interrupted, or the JVM is shutting down)");
            }
            return create.create();
        }
    }

    private void guardedRun(Runnable create) {
        synchronized (this) {
            if (closed) {
                throw new BackendException("the libvirt guests are being torn down (interrupted, or the JVM is shutting down)");
            }
            create.run();
        }
    }

    /** Waits for every guest at once: its SSH port, then an SSH session; a domain that ends fails at once. */
    private List<Duration> awaitAll(Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<CompletableFuture<Duration>> waits = new ArrayList<>();
        for (int i = 0; i < guests.size(); i++) {
            int index = i;
            waits.add(CompletableFuture.supplyAsync(() -> awaitGuest(index, start, deadline, limit)));
        }
        List<Duration> boots = new ArrayList<>();
        try {
            for (CompletableFuture<Duration> w : waits) {
                boots.add(w.join());
            }
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof BackendException b ? b : new BackendException(message(cause), cause);
        }
        return boots;
    }

    private Duration awaitGuest(int i, long start, long deadline, Duration limit) {
        SshGuest guest = guests.get(i);
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
        guest.awaitReady(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), () -> active(i));
        return Duration.ofNanos(System.nanoTime() - start);
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
        synchronized (guests) {
            return List.copyOf(guests);
        }
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

    private List<SshGuest> sshGuests() {
        synchronized (guests) {
            return List.copyOf(guests);
        }
    }

    /** The prefix of every name this run gave a domain or volume. */
    String tag() {
        return tag;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<String> problems = new ArrayList<>();
        step(problems, () -> sshGuests().forEach(SshGuest::close));
        synchronized (domains) {
            for (Domain d : domains) {
                step(problems, () -> destroy(d));
            }
        }
        step(problems, () -> {
            if (pool != null) {
                for (String vol : pool.volumes(tag)) {
                    pool.delete(vol);
                }
            }
        });
        step(problems, () -> {
            if (network != null) {
                network.close();
            }
        });
        step(problems, () -> conn.close());
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs or ran, and finds this closed
            }
        }
        if (!problems.isEmpty()) {
            System.getLogger(LibvirtProvisioning.class.getName()).log(System.Logger.Level.WARNING,
                    "teardown of libvirt guests was incomplete: " + problems);
        } else if (record != null) {
            LibvirtRuns.forget(record);
        }
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

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void step(List<String> problems, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            if (!(e instanceof LibvirtException && message(e).contains("not found"))) {
                problems.add(message(e));
            }
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
