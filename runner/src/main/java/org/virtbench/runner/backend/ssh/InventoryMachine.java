package org.virtbench.runner.backend.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import org.virtbench.runner.transport.ssh.PinnedHostKey;
import org.virtbench.runner.transport.ssh.SshEndpoint;

/**
 * One machine of an {@link Inventory}, with the inventory's defaults applied and every path
 * resolved: what virtbench needs to reach it and what the report says of it.
 *
 * @param name        unique within the inventory; the guest's name in results
 * @param address     host name or address the runner connects to (and, for a peer, the guests too)
 * @param port        its SSH port
 * @param user        the account commands run as
 * @param keyFile     the client's private key (OpenSSH format)
 * @param hostKey     the only host key the machine may present
 * @param role        guest, peer or hypervisor
 * @param technology  the technology label the report shows ({@code xen-pv}, {@code virtualbox},
 *                    {@code openvz}); empty for a peer or hypervisor
 * @param version     the technology's version as the inventory states it ({@code Xen 4.17}), for
 *                    Table 3; empty when not given
 * @param group       the group a scale run takes its first n guests from; empty for a peer or hypervisor
 * @param memoryBytes the memory the machine has, as the inventory says; empty when not given
 * @param workBase    the folder under which each provisioning makes its own work folder
 */
public record InventoryMachine(String name, String address, int port, String user, Path keyFile, PinnedHostKey hostKey,
                               Role role, String technology, String version, String group, OptionalLong memoryBytes, String workBase) {

    /** What a machine is for. */
    public enum Role {
        /** Runs the workload; one of the n guests of a cell. */
        GUEST,
        /** The second machine of {@link org.virtbench.annotations.Peer} workloads (netserver, rsync daemon). */
        PEER,
        /** The machine the guests run on (dom0, the VirtualBox host); read for Table 3, never measured. */
        HYPERVISOR
    }

    public InventoryMachine {
        Objects.requireNonNull(name);
        Objects.requireNonNull(address);
        Objects.requireNonNull(user);
        Objects.requireNonNull(keyFile);
        Objects.requireNonNull(hostKey);
        Objects.requireNonNull(role);
        Objects.requireNonNull(technology);
        Objects.requireNonNull(version);
        Objects.requireNonNull(group);
        Objects.requireNonNull(memoryBytes);
        Objects.requireNonNull(workBase);
    }

    /** Where and as whom to connect, with {@code connectTimeout} for TCP, key exchange and authentication. */
    public SshEndpoint endpoint(Duration connectTimeout) {
        return new SshEndpoint(address, port, user, keyFile, hostKey, connectTimeout);
    }
}
