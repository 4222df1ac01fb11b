package org.virtbench.runner.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;

/** A backend of {@link FakeGuest}s that records provision and close in {@link Events}. */
public final class FakeBackend implements Backend {
    private final String id;
    private final Events events;
    private volatile Set<String> missingCommands = Set.of();
    private volatile boolean failProvisioning;
    private volatile boolean available = true;
    private volatile Set<Integer> outOfMemory = Set.of();
    private volatile long minimumMemory = ProvisionRequest.MEBIBYTE;
    private volatile Runnable onProvision = () -> { };
    private final List<ProvisionRequest> requests = new ArrayList<>();

    public FakeBackend(String id, Events events) {
        this.id = id;
        this.events = events;
    }

    public FakeBackend missing(String... commands) {
        missingCommands = Set.of(commands);
        return this;
    }

    public FakeBackend failProvisioning() {
        failProvisioning = true;
        return this;
    }

    /** These guests report running out of their memory once asked. */
    public FakeBackend outOfMemory(Integer... guests) {
        outOfMemory = Set.of(guests);
        return this;
    }

    /** The least memory a guest needs, as qemu's 64 MiB. */
    public FakeBackend minimumMemory(long bytes) {
        minimumMemory = bytes;
        return this;
    }

    @Override
    public long minimumGuestMemoryBytes() {
        return minimumMemory;
    }

    /** Runs {@code action} on the provisioning thread at the start of each provisioning, as a real backend's code would. */
    public FakeBackend whileProvisioning(Runnable action) {
        onProvision = action;
        return this;
    }

    public FakeBackend unavailable() {
        available = false;
        return this;
    }

    public synchronized List<ProvisionRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String technology() {
        return "fake";
    }

    @Override
    public Probe probe() {
        return available ? Probe.available(Map.of("fake", "yes")) : Probe.unavailable("the fake is switched off");
    }

    @Override
    public Provisioning provision(ProvisionRequest request) {
        synchronized (this) {
            requests.add(request);
        }
        events.add("provision " + id + " n=" + request.guests());
        onProvision.run();
        if (failProvisioning) {
            throw new BackendException("the fake cannot provision");
        }
        List<Guest> guests = new ArrayList<>();
        for (int i = 0; i < request.guests(); i++) {
            guests.add(new FakeGuest(id + "-" + i, i, missingCommands));
        }
        PeerHost peer = request.peer() ? new FakeGuest("peer", 0, missingCommands) : null;
        return new Provisioning() {
            private boolean closed;

            @Override
            public List<Guest> guests() {
                return guests;
            }

            @Override
            public Optional<PeerHost> peer() {
                return Optional.ofNullable(peer);
            }

            @Override
            public Map<String, String> facts() {
                return Map.of("fake", "true");
            }

            @Override
            public Optional<String> outOfMemory(int index) {
                return outOfMemory.contains(index) ? Optional.of("oom_kill 1 in the fake's cgroup") : Optional.empty();
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    events.add("close " + id + " n=" + request.guests());
                }
            }
        };
    }
}
