package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.virtbench.runner.system.StateFolders;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.telemetry.GuestView;
import org.virtbench.runner.telemetry.ObservableGuests;
import org.virtbench.guest.Shell;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.concurrent.Parallel;
import org.virtbench.runner.peer.PeerNetwork;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.ssh.SshEndpoint;
import org.virtbench.runner.transport.ssh.SshGuest;

/**
 * The n QEMU guests of one cell. Every guest gets a qcow2 overlay over the shared base disk, a
 * tap device on the run's {@link PeerNetwork} bridge and a static address on it; all QEMU
 * processes start at once and boot concurrently; a guest is ready when its console says sshd
 * starts and an SSH session (pinned host key) is established.
 *
 * <p>Network: tap devices on a bridge rather than QEMU's user networking with port forwards,
 * because user networking puts the guest behind a NAT inside the QEMU process: the peer host
 * would reach it only through forwarded ports, and guest-to-peer traffic would run through
 * QEMU's user-space TCP stack instead of a real network path. On the bridge the guests, the peer
 * namespace and the host share one layer-2 segment, and the host reaches guest i at
 * {@link PeerNetwork#guestAddress(int)} directly.
 *
 * <p>Each thing is registered in a child of the caller's {@link CleanupScope} as it is made, and
 * teardown ({@link #close()}, idempotent; also the process's shutdown hook on SIGTERM or Ctrl-C)
 * releases it the last made first: per guest the SSH session, the QEMU (SIGTERM, then SIGKILL
 * after 5 s) and the tap, then the bridge and peer, then the run folder with its overlays. A
 * failure part-way through provisioning runs the same teardown before the exception leaves.
 */
final class QemuProvisioning implements Provisioning, ObservableGuests {
    /** The guests' private work folder, as the Guest API promises. */
    static final String WORK_DIR = StateFolders.GUEST_WORK;
    /** What the guest's init prints just before it starts sshd. */
    static final String SSHD_MARKER = "virtbench-guest: starting sshd";
    private static final List<String> FAILURE_MARKERS = List.of("virtbench-initrd: FAILED", "Kernel panic", "end Kernel panic");
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final ProvisionRequest request;
    private final GuestMedia media;
    private final Accelerator accelerator;
    private final QemuSettings settings;
    private final Map<String, String> facts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<QemuMachine> machines = Collections.synchronizedList(new ArrayList<>());
    private final List<SshGuest> guests = Collections.synchronizedList(new ArrayList<>());
    private final CleanupScope scope;
    private RunDirectory run;
    private PeerNetwork network;

    private QemuProvisioning(ProvisionRequest request, GuestMedia media, Accelerator accelerator, QemuSettings settings,
                             Map<String, String> backendFacts) {
        this.request = request;
        this.media = media;
        this.accelerator = accelerator;
        this.settings = settings;
        this.scope = CleanupScope.current().child("qemu guests");
        facts.putAll(backendFacts);
    }

    /**
     * Boots {@code request.guests()} guests and returns when every one is reachable over SSH.
     *
     * @throws BackendException after tearing down whatever was created
     */
    static QemuProvisioning start(ProvisionRequest request, GuestMedia media, Accelerator accelerator, QemuSettings settings,
                                  Map<String, String> backendFacts) {
        QemuProvisioning p = new QemuProvisioning(request, media, accelerator, settings, backendFacts);
        try {
            p.boot();
            return p;
        } catch (Exception | Error e) {
            p.close();
            if (e instanceof BackendException b) {
                throw b;
            }
            throw new BackendException("cannot provision " + request.guests() + " QEMU guests: " + e.getMessage(), e);
        }
    }

    private void boot() throws Exception {
        RunDirectory.sweep(settings.work());
        try {
            // kills what the pid files name, should a QEMU have escaped its Process handle
            run = scope.create("qemu run folder", () -> RunDirectory.create(settings.work()), r -> RunDirectory.clean(r.path()));
            Files.createDirectories(request.outputDirectory());
        } catch (IOException e) {
            throw new BackendException("cannot create " + settings.work() + " or " + request.outputDirectory() + ": " + e.getMessage(), e);
        }
        network = scope.create("peer network", () -> PeerNetwork.create(request.peer()), PeerNetwork::close);
        long memoryMiB = request.memoryMebibytes();
        for (int i = 0; i < request.guests(); i++) {
            startGuest(i, memoryMiB);
        }
        List<Duration> boots = awaitAll();
        for (SshGuest guest : guests) {
            guest.run("mkdir", "-p", WORK_DIR).requireSuccess();
        }
        facts.put("guest.memory", memoryMiB + " MiB");
        facts.put("guest.cpus", Integer.toString(settings.cpus()));
        facts.put("guest.network", "virtio-net on a tap per guest, bridge " + network.bridge() + ", host "
                + network.hostAddress() + "/" + network.prefixLength());
        for (int i = 0; i < boots.size(); i++) {
            facts.put("guest." + i + ".address", network.guestAddress(i));
            facts.put("guest." + i + ".boot.seconds", String.format(Locale.ROOT, "%.3f", boots.get(i).toNanos() / 1e9));
        }
    }

    private void startGuest(int i, long memoryMiB) throws Exception {
        String name = "qemu-" + i;
        Path overlay = run.resolve("guest-" + i + ".qcow2");
        GuestDisk.overlay(media.baseDisk(), overlay);
        String tap = "vq" + run.id() + "g" + i;
        try {
            run.recordTap(tap);
        } catch (IOException e) {
            throw new BackendException("cannot write " + run.resolve(RunDirectory.TAPS) + ": " + e.getMessage(), e);
        }
        scope.create("tap " + tap, () -> HostCommands.require("ip", "tuntap", "add", "dev", tap, "mode", "tap"),
                added -> HostCommands.run("ip", "link", "del", tap));
        HostCommands.require("ip", "link", "set", tap, "master", network.bridge());
        HostCommands.require("ip", "link", "set", tap, "up");
        String mac = String.format("52:54:00:%02x:%02x:%02x", network.slot() & 0xff, (i >> 8) & 0xff, i & 0xff);
        QemuCommandLine line = new QemuCommandLine(name, accelerator, settings.cpus(), memoryMiB, media.kernel().bootImage(),
                media.initrd(), overlay,
                Optional.of(new QemuCommandLine.Nic(tap, mac, network.guestAddress(i) + "/" + network.prefixLength(), network.hostAddress())),
                request.outputDirectory().resolve(name + ".console.log"), run.resolve("guest-" + i + ".pid"), List.of());
        Path log = request.outputDirectory().resolve(name + ".qemu.log");
        try {
            Files.writeString(request.outputDirectory().resolve(name + ".cmdline"), Shell.join(line.argv()) + "\n");
            Files.deleteIfExists(line.console());
        } catch (IOException e) {
            throw new BackendException("cannot write to " + request.outputDirectory() + ": " + e.getMessage(), e);
        }
        machines.add(scope.create(name, () -> QemuMachine.start(line, log), m -> {
            m.terminate();
            m.awaitOrKill(STOP_GRACE);
        }));
        SshEndpoint endpoint = new SshEndpoint(network.guestAddress(i), 22, "root", media.clientKey().privateKey(),
                media.image().hostKey(), Duration.ofSeconds(accelerator == Accelerator.TCG ? 20 : 10));
        SshGuest guest = new SshGuest(name, i, WORK_DIR, endpoint);
        scope.register("ssh session to " + name, guest::close);
        guests.add(guest);
    }

    /** Waits for every guest in parallel; the first failure stops the wait for the others. */
    private List<Duration> awaitAll() {
        Duration limit = settings.bootTimeout(accelerator, request.guests());
        long deadline = System.nanoTime() + limit.toNanos();
        List<Integer> indexes = IntStream.range(0, request.guests()).boxed().toList();
        try {
            return Parallel.allUnlessOneFails("qemu-boot", indexes, i -> awaitGuest(i, deadline, limit));
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BackendException(cause instanceof InterruptedException ? "interrupted while the QEMU guests booted"
                    : cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }

    /** Boot-to-ready of one guest, measured from the start of its QEMU process. */
    private Duration awaitGuest(int i, long deadline, Duration limit) throws InterruptedException {
        QemuMachine machine = machines.get(i);
        while (true) {
            String console = machine.console();
            if (console.contains(SSHD_MARKER)) {
                break;
            }
            if (!machine.alive() || FAILURE_MARKERS.stream().anyMatch(console::contains)) {
                throw new BackendException(machine.name() + " failed to boot. " + machine.diagnosis());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BackendException(machine.name() + " did not boot within " + limit.toSeconds() + " s (boot-timeout=). "
                        + machine.diagnosis());
            }
            Thread.sleep(25);
        }
        long left = Math.max(1, deadline - System.nanoTime());
        try {
            guests.get(i).awaitReady(Duration.ofNanos(left), machine::alive);
        } catch (RuntimeException e) {
            throw new BackendException(machine.name() + ": " + e.getMessage() + " " + machine.diagnosis(), e);
        }
        return Duration.ofNanos(System.nanoTime() - machine.startNanos());
    }

    @Override
    public List<Guest> guests() {
        return List.copyOf(guests);
    }

    /** The guests with their SSH-specific operations (calibration, endpoint). */
    List<SshGuest> sshGuests() {
        return List.copyOf(guests);
    }

    /** A QEMU guest is one host process: its CPU and resident memory are read from /proc. */
    @Override
    public Optional<GuestView> outsideView(int index) {
        synchronized (machines) {
            return index < 0 || index >= machines.size() ? Optional.empty()
                    : Optional.of(new GuestView.HostProcess(machines.get(index).pid()));
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

    /** The run folder's id, for tests that check nothing of the run is left. */
    String runId() {
        return run == null ? "" : run.id();
    }

    /** The run folder, for tests that check nothing of the run is left. */
    Optional<Path> runFolder() {
        return Optional.ofNullable(run).map(RunDirectory::path);
    }

    /** Releases everything made, the last made first; a failure is logged, the rest still released. */
    @Override
    public void close() {
        try {
            scope.close();
        } catch (RuntimeException e) {
            System.getLogger(QemuProvisioning.class.getName()).log(System.Logger.Level.WARNING,
                    "teardown of QEMU guests was incomplete", e);
        }
    }
}
