package org.virtbench.runner.backend.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.runner.concurrent.Parallel;
import org.virtbench.backend.Backend;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.backend.ssh.InventoryMachine.Role;
import org.virtbench.runner.meta.GuestMetadata;
import org.virtbench.runner.transport.ssh.HostKeyMismatchException;
import org.virtbench.runner.transport.ssh.SshGuest;

/**
 * Any technology at all, through machines that already run it: the guests are listed in an
 * {@link Inventory} and reached over SSH with pinned host keys; nothing is provisioned, so a
 * machine's memory and CPUs are what they are (the inventory's {@code memory} is recorded, the
 * campaign's memory policy cannot be applied). {@link #technology()} is the group's label from
 * the inventory ({@code xen-pv}, {@code virtualbox}, {@code openvz}), which the report shows as it is.
 *
 * <p>The argument is the inventory file, with {@code #GROUP} when it holds several groups. A cell
 * of n guests takes the group's first n machines. The inventory's {@code host} (else the file
 * itself) is this backend's {@link #host()}: two inventories of different hosts run at once.
 */
public final class SshInventoryBackend implements Backend {
    /** A connect attempt's limit: TCP, key exchange and authentication. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String argument;
    private final Inventory inventory;
    private final String group;
    private Probe probe;

    SshInventoryBackend(String argument, Inventory inventory, String group) {
        this.argument = argument;
        this.inventory = inventory;
        this.group = group;
    }

    /**
     * {@code FILE} or {@code FILE#GROUP}.
     *
     * @throws IllegalArgumentException when the inventory is missing, invalid or the group unknown
     */
    public static SshInventoryBackend parse(String argument) {
        if (argument.isBlank()) {
            throw new IllegalArgumentException("ssh needs an inventory file: ssh:inventory.yaml or ssh:inventory.yaml#group");
        }
        int hash = argument.lastIndexOf('#');
        String file = hash < 0 ? argument : argument.substring(0, hash);
        Optional<String> wanted = hash < 0 ? Optional.empty() : Optional.of(argument.substring(hash + 1));
        Inventory inventory = Inventory.load(Path.of(file));
        return new SshInventoryBackend(argument, inventory, inventory.group(wanted));
    }

    @Override
    public String id() {
        return "ssh:" + argument;
    }

    /** Its guests are plain processes (or machines that exist anyway): nothing is reserved. */
    @Override
    public boolean holdsGuestMemory() {
        return false;
    }

    @Override
    public String technology() {
        return inventory.groups().get(group).get(0).technology();
    }

    @Override
    public String host() {
        return inventory.host().orElse("ssh:" + inventory.source());
    }

    /** The inventory this backend reads. */
    public Inventory inventory() {
        return inventory;
    }

    /** The group its guests come from. */
    public String group() {
        return group;
    }

    /**
     * Connects to every machine of the group and to the peer, all at once, and reports each as
     * {@code reachable}, {@code unreachable: why} or {@code REFUSED: host key mismatch}. Available
     * when at least one guest is reachable and no machine presented a host key other than its
     * pinned one: such a machine may be an impostor, and a campaign does not start beside it.
     * The answer is kept: a campaign probes once.
     */
    @Override
    public synchronized Probe probe() {
        if (probe == null) {
            probe = probeNow();
        }
        return probe;
    }

    private Probe probeNow() {
        List<InventoryMachine> machines = new ArrayList<>(inventory.groups().get(group));
        machines.addAll(inventory.withRole(Role.PEER));
        List<String> answers = Parallel.all("ssh-probe", machines, SshInventoryBackend::reach);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("technology", technology());
        String version = inventory.groups().get(group).get(0).version();
        if (!version.isEmpty()) {
            facts.put("version", version);
        }
        facts.put("inventory", inventory.source().toString());
        facts.put("inventory.group", group);
        facts.put(GuestMetadata.HOST_NAME, host());
        List<String> refused = new ArrayList<>();
        int reachable = 0;
        for (int i = 0; i < machines.size(); i++) {
            InventoryMachine m = machines.get(i);
            String answer = answers.get(i);
            facts.put("machine." + m.name(), answer);
            if (answer.startsWith("REFUSED")) {
                refused.add(m.name() + ": " + answer);
            } else if (answer.equals("reachable") && m.role() == Role.GUEST) {
                reachable++;
            }
        }
        if (!refused.isEmpty()) {
            return Probe.unavailable(String.join("; ", refused));
        }
        if (reachable == 0) {
            return Probe.unavailable("no machine of group '" + group + "' in " + inventory.source() + " is reachable: "
                    + String.join("; ", machines.stream().map(m -> m.name() + " " + facts.get("machine." + m.name())).toList()));
        }
        return Probe.available(facts);
    }

    private static String reach(InventoryMachine m) {
        try (SshGuest guest = new SshGuest(m.name(), 0, "/", m.endpoint(CONNECT_TIMEOUT))) {
            guest.connect();
            return "reachable";
        } catch (HostKeyMismatchException e) {
            return "REFUSED: " + e.getMessage();
        } catch (GuestException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    /**
     * Kills the daemons and deletes the work folders that dead runs of this inventory left on its
     * machines, as their records on this host name them ({@link SshRuns}).
     */
    @Override
    public List<String> sweepLeftovers() {
        String source = inventory.source().toString();
        return SshRuns.sweepDead(remote -> remote.inventory().equals(source));
    }

    /** What {@code virtbench clean --backend ssh} does: the sweep of every dead run's records, whatever its inventory. */
    public static List<String> sweepEveryInventory() {
        return SshRuns.sweepDead(remote -> true);
    }

    @Override
    public Provisioning provision(ProvisionRequest request) {
        return SshInventoryProvisioning.open(inventory, group, request, CONNECT_TIMEOUT);
    }

    @Override
    public String toString() {
        return id();
    }
}
