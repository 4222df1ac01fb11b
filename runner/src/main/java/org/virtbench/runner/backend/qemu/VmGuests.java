package org.virtbench.runner.backend.qemu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.virtbench.backend.BackendException;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.concurrent.Parallel;
import org.virtbench.runner.system.StateFolders;
import org.virtbench.runner.transport.ssh.SshEndpoint;
import org.virtbench.runner.transport.ssh.SshGuest;

/**
 * What the qemu and libvirt backends share once a VM is started from {@link GuestMedia}: its SSH
 * guest (host key pinned, session closed with the provisioning's {@link CleanupScope}), the wait
 * until every guest is ready, its work folder, and the facts of the booted guests.
 */
public final class VmGuests {
    /** The guests' private work folder, as the Guest API promises. */
    public static final String WORK_DIR = StateFolders.GUEST_WORK;

    private final CleanupScope scope;
    private final GuestMedia media;
    private final boolean emulated;
    private final List<SshGuest> guests = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param scope    the provisioning's scope, where each SSH session is registered
     * @param emulated whether the guests run under TCG (slower: a longer SSH handshake timeout)
     */
    public VmGuests(CleanupScope scope, GuestMedia media, boolean emulated) {
        this.scope = scope;
        this.media = media;
        this.emulated = emulated;
    }

    /** Adds guest {@code index}, reached as root at {@code address}, and registers its session for release. */
    public SshGuest add(String name, int index, String address) {
        SshEndpoint endpoint = new SshEndpoint(address, 22, "root", media.clientKey().privateKey(), media.image().hostKey(),
                Duration.ofSeconds(emulated ? 20 : 10));
        SshGuest guest = new SshGuest(name, index, WORK_DIR, endpoint);
        scope.register("ssh session to " + name, guest::close);
        guests.add(guest);
        return guest;
    }

    /** The guests added, in index order. */
    public List<SshGuest> list() {
        synchronized (guests) {
            return List.copyOf(guests);
        }
    }

    /** How a backend tells that one of its VMs is booting. */
    public interface Boot {
        /** Returns when guest {@code index}'s SSH server is about to accept; throws when the VM failed. */
        void untilSshStarts(int index, long deadlineNanos, Duration limit) throws Exception;

        /** Whether guest {@code index}'s VM still runs, asked while its SSH session is established. */
        boolean running(int index);

        /** Boot-to-ready of guest {@code index}, given that it is ready now. */
        Duration bootTime(int index);

        /** What the backend knows of a guest that failed (its console), appended to the failure. */
        default String diagnosis(int index) {
            return "";
        }
    }

    /**
     * Waits for every guest at once, within {@code limit}: the backend's boot signal, then an SSH
     * session; the first failure ends the wait, then every guest gets its work folder.
     *
     * @return each guest's boot-to-ready time, in index order
     */
    public List<Duration> awaitReady(Duration limit, Boot boot) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<SshGuest> all = list();
        List<Duration> boots;
        try {
            boots = Parallel.allUnlessOneFails("vm-boot", IntStream.range(0, all.size()).boxed().toList(), i -> {
                boot.untilSshStarts(i, deadline, limit);
                try {
                    all.get(i).awaitReady(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), () -> boot.running(i));
                } catch (RuntimeException e) {
                    throw new BackendException(all.get(i).name() + ": " + e.getMessage() + " " + boot.diagnosis(i), e);
                }
                return boot.bootTime(i);
            });
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BackendException(cause instanceof InterruptedException ? "interrupted while the guests booted"
                    : cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
        for (SshGuest guest : all) {
            guest.run("mkdir", "-p", WORK_DIR).requireSuccess();
        }
        return boots;
    }

    /** The facts every VM backend reports of its booted guests. */
    public void describe(Map<String, String> facts, long memoryMiB, int cpus, List<String> addresses, List<Duration> boots) {
        facts.put("guest.memory", memoryMiB + " MiB");
        facts.put("guest.cpus", Integer.toString(cpus));
        for (int i = 0; i < boots.size(); i++) {
            facts.put("guest." + i + ".address", addresses.get(i));
            facts.put("guest." + i + ".boot.seconds", String.format(Locale.ROOT, "%.3f", boots.get(i).toNanos() / 1e9));
        }
    }
}
