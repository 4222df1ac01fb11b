package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.telemetry.GuestView;
import org.virtbench.runner.telemetry.ObservableGuests;
import org.virtbench.guest.Shell;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.peer.PeerNetwork;
import org.virtbench.runner.transport.HostCommands;
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
    static final String WORK_DIR = VmGuests.WORK_DIR;
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
    private final VmGuests guests;
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
        this.guests = new VmGuests(scope, media, accelerator == Accelerator.TCG);
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
        List<Duration> boots = guests.awaitReady(settings.bootTimeout(accelerator, request.guests()), new VmGuests.Boot() {
            @Override
            public void untilSshStarts(int index, long deadline, Duration limit) throws InterruptedException {
                untilSshdStarts(machines.get(index), deadline, limit);
            }

            @Override
            public boolean running(int index) {
                return machines.get(index).alive();
            }

            @Override
            public Duration bootTime(int index) {
                return Duration.ofNanos(System.nanoTime() - machines.get(index).startNanos());
            }

            @Override
            public String diagnosis(int index) {
                return machines.get(index).diagnosis();
            }
        });
        facts.put("guest.network", "virtio-net on a tap per guest, bridge " + network.bridge() + ", host "
                + network.hostAddress() + "/" + network.prefixLength());
        guests.describe(facts, memoryMiB, settings.cpus(),
                IntStream.range(0, boots.size()).mapToObj(network::guestAddress).toList(), boots);
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
        guests.add(name, i, network.guestAddress(i));
    }

    /** Waits until the console says sshd starts; throws when QEMU ended, the boot failed or the time is up. */
    private static void untilSshdStarts(QemuMachine machine, long deadline, Duration limit) throws InterruptedException {
        while (true) {
            String console = machine.console();
            if (console.contains(SSHD_MARKER)) {
                return;
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
    }

    @Override
    public List<Guest> guests() {
        return List.copyOf(guests.list());
    }

    /** The guests with their SSH-specific operations (calibration, endpoint). */
    List<SshGuest> sshGuests() {
        return guests.list();
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
        scope.closeLogged(QemuProvisioning.class);
    }
}
