package org.virtbench.runner.backend.ssh;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.concurrent.Parallel;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Command;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.backend.ssh.InventoryMachine.Role;
import org.virtbench.runner.meta.GuestMetadata;
import org.virtbench.runner.transport.ssh.HostKeyMismatchException;
import org.virtbench.runner.transport.ssh.SshGuest;

/**
 * The first n guests of an inventory group (and its peer, when asked), connected over SSH with
 * pinned host keys. Nothing is created on the machines but one work folder each,
 * {@code <workDir>/<name>-<run id>}, made fresh (so it belongs to this provisioning alone) and
 * deleted again by {@link #close()}, which also disconnects. A machine that cannot be reached, or
 * presents another host key, fails the provisioning, and what was opened is released first.
 */
final class SshInventoryProvisioning implements Provisioning {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CLEAN_LIMIT = Duration.ofMinutes(2);

    private final List<SshGuest> guests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> facts = new LinkedHashMap<>();
    /** Each machine's session and the work folder this provisioning made on it (only that one is deleted). */
    private final CleanupScope scope = CleanupScope.current().child("ssh inventory machines");
    private volatile SshGuest peer;
    /** Where the work folders are recorded until they are deleted: a killed run's are swept from it. */
    private final SshRuns.Record record;
    private final java.nio.file.Path inventory;
    /** Set when a work folder could not be deleted: the record then stays, for 'virtbench clean'. */
    private final java.util.concurrent.atomic.AtomicBoolean folderKept = new java.util.concurrent.atomic.AtomicBoolean();

    private SshInventoryProvisioning(java.nio.file.Path inventory) {
        this.inventory = inventory;
        this.record = SshRuns.Record.create();
        // registered first, so released last: after every work folder's deletion was tried
        scope.register("the record of the work folders", () -> {
            if (!folderKept.get()) {
                record.delete();
            }
        });
    }

    /**
     * Connects the first {@code request.guests()} machines of {@code group}.
     *
     * @throws BackendException when the group holds fewer machines, one cannot be reached or is
     *                          refused, or a peer is needed and the inventory names none
     */
    static SshInventoryProvisioning open(Inventory inventory, String group, ProvisionRequest request, Duration connectTimeout) {
        List<InventoryMachine> members = inventory.groups().get(group);
        if (request.guests() > members.size()) {
            throw new BackendException("asked for " + request.guests() + " guests, but group '" + group + "' of "
                    + inventory.source() + " lists " + members.size() + " (" + String.join(", ",
                    members.stream().map(InventoryMachine::name).toList()) + "); add machines to the group or ask for fewer"
                    + " (--scale)");
        }
        Optional<InventoryMachine> peerMachine = inventory.withRole(Role.PEER).stream().findFirst();
        if (request.peer() && peerMachine.isEmpty()) {
            throw new BackendException("the workload needs a peer host and " + inventory.source()
                    + " names none; add a machine with 'role: peer'");
        }
        String run = HexFormat.of().formatHex(randomBytes());
        SshInventoryProvisioning p = new SshInventoryProvisioning(inventory.source());
        try {
            List<InventoryMachine> chosen = members.subList(0, request.guests());
            List<Integer> indexes = IntStream.range(0, chosen.size()).boxed().toList();
            if (request.peer()) {
                p.connect(peerMachine.get(), 0, run, connectTimeout);
            }
            // the first failure, after every attempt has ended and registered what it opened
            Parallel.each("ssh-connect", indexes, i -> p.connect(chosen.get(i), i, run, connectTimeout));
            p.describe(inventory, group, chosen, request, connectTimeout);
            return p;
        } catch (CompletionException e) {
            p.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof BackendException b ? b : new BackendException(cause.getMessage(), cause);
        } catch (RuntimeException e) {
            p.close();
            throw e instanceof BackendException b ? b : new BackendException(e.getMessage(), e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Connects one machine and makes its work folder; registers it for teardown before anything can fail. */
    private SshGuest connect(InventoryMachine m, int index, String run, Duration connectTimeout) {
        String base = m.workBase().startsWith("~/") ? home(m, connectTimeout) + m.workBase().substring(1) : m.workBase();
        SshGuest guest = new SshGuest(m.name(), index, base + "/" + m.name() + "-" + run, m.endpoint(connectTimeout));
        scope.register("ssh session to " + m.name(), guest::close);
        if (m.role() == Role.GUEST) {
            guests.add(guest);
        } else {
            peer = guest;
        }
        try {
            guest.connect();
        } catch (HostKeyMismatchException e) {
            throw new BackendException(m.name() + " (" + m.address() + ") is REFUSED: " + e.getMessage(), e);
        } catch (GuestException e) {
            throw new BackendException(m.name() + " (" + m.address() + ":" + m.port() + ") is unreachable: " + e.getMessage(), e);
        }
        guest.run("mkdir", "-p", "-m", "0700", base).requireSuccess();
        record.add(SshRuns.Remote.of(inventory, m, guest.workDir()));
        // Not -p: the folder must be new, so that deleting it later removes nothing that was there before.
        guest.run("mkdir", "-m", "0700", guest.workDir()).requireSuccess();
        scope.register(guest.workDir() + " on " + m.name(), () -> {
            boolean deleted = false;
            try {
                deleted = guest.run(Command.of("rm", "-rf", "--one-file-system", guest.workDir()).withTimeout(CLEAN_LIMIT)).ok();
            } finally {
                folderKept.compareAndSet(false, !deleted);
            }
            if (!deleted) {
                throw new java.io.IOException("rm -rf " + guest.workDir() + " failed on " + m.name());
            }
        });
        return guest;
    }

    /** The login's home on the machine, asked over a connection of its own. */
    private static String home(InventoryMachine m, Duration connectTimeout) {
        SshGuest probe = new SshGuest(m.name(), 0, "/", m.endpoint(connectTimeout));
        try {
            probe.connect();
            String home = probe.run("printenv", "HOME").requireSuccess().stdout().trim();
            if (!home.startsWith("/") || home.contains("\n")) {
                throw new BackendException(m.name() + " reports the home folder '" + home
                        + "'; give the machine a workDir in the inventory");
            }
            return home;
        } catch (GuestException e) {
            throw new BackendException(m.name() + " (" + m.address() + ":" + m.port() + ") is unreachable: "
                    + e.getMessage(), e);
        } finally {
            probe.close();
        }
    }

    private void describe(Inventory inventory, String group, List<InventoryMachine> chosen, ProvisionRequest request,
                          Duration connectTimeout) {
        facts.put("technology", chosen.get(0).technology());
        if (!chosen.get(0).version().isEmpty()) {
            facts.put("version", chosen.get(0).version()); // the one fact named version: Table 3's column
        }
        facts.put("inventory", inventory.source().toString());
        facts.put("inventory.group", group);
        facts.put("transport", "SSH (JSch), host keys pinned by the inventory");
        facts.put("guest.memory.requested", (request.memoryBytes() >> 20) + " MiB (not applied: the machines exist as they are)");
        for (int i = 0; i < chosen.size(); i++) {
            InventoryMachine m = chosen.get(i);
            facts.put("guest." + i + ".name", m.name());
            facts.put("guest." + i + ".address", m.address() + ":" + m.port());
            m.memoryBytes().ifPresent(b -> facts.put("guest." + m.name() + ".memory", (b >> 20) + " MiB"));
        }
        if (peer != null) {
            facts.put("peer", peer.name() + " (" + peer.address() + ")");
        }
        hypervisorFacts(inventory, connectTimeout).forEach(facts::put);
        inventory.host().ifPresent(h -> facts.putIfAbsent(GuestMetadata.HOST_NAME, h));
    }

    /** The host's name and kernel, read from the inventory's hypervisor machine when it names one. */
    static Map<String, String> hypervisorFacts(Inventory inventory, Duration connectTimeout) {
        Map<String, String> facts = new LinkedHashMap<>();
        Optional<InventoryMachine> hypervisor = inventory.withRole(Role.HYPERVISOR).stream().findFirst();
        if (hypervisor.isEmpty()) {
            return facts;
        }
        InventoryMachine m = hypervisor.get();
        try (SshGuest h = new SshGuest(m.name(), 0, "/", m.endpoint(connectTimeout))) {
            facts.put(GuestMetadata.HOST_NAME, inventory.host().orElse(h.run("uname", "-n").requireSuccess().stdout().trim()));
            facts.put(GuestMetadata.HOST_KERNEL, h.run("uname", "-r").requireSuccess().stdout().trim());
        } catch (GuestException e) {
            facts.put("host.note", "the hypervisor " + m.name() + " could not be read: " + e.getMessage());
        }
        return facts;
    }

    @Override
    public List<Guest> guests() {
        synchronized (guests) {
            return List.copyOf(guests);
        }
    }

    @Override
    public Optional<PeerHost> peer() {
        return Optional.ofNullable(peer).map(SshPeer::new);
    }

    @Override
    public Map<String, String> facts() {
        return Map.copyOf(facts);
    }

    /** Deletes each machine's work folder and disconnects; safe twice. A failure is logged, the rest still released. */
    @Override
    public void close() {
        scope.closeLogged(SshInventoryProvisioning.class);
    }
}
