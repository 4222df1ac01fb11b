package org.virtbench.runner.meta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.virtbench.backend.Backend;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestFacts;

/**
 * The paper's Table-3 facts about each guest and the host it runs on, whatever the backend: the
 * guest's own {@link Guest#facts()} (kernel, CPUs, memory) plus, in {@link GuestFacts#extra()},
 * the virtualization it sees ({@value #VIRTUALIZATION}, {@value #VIRTUALIZATION_KIND},
 * {@value #VIRTUALIZATION_EVIDENCE}, see {@link Virtualization}) and the host's name and kernel
 * ({@value #HOST_NAME}, {@value #HOST_KERNEL}).
 *
 * <p>The host is the machine the guest's backend runs guests on: for a backend on this machine
 * ({@link Backend#LOCAL_HOST}) this machine's name and kernel; for a remote one, what the
 * backend's provisioning facts say under the same keys, else the backend's {@link Backend#host()}
 * with the kernel left out (a remote kernel is never guessed from the local one).
 */
public final class GuestMetadata {
    public static final String VIRTUALIZATION = "virtualization";
    public static final String VIRTUALIZATION_KIND = "virtualization.kind";
    public static final String VIRTUALIZATION_EVIDENCE = "virtualization.evidence";
    public static final String HOST_NAME = "host.name";
    public static final String HOST_KERNEL = "host.kernel";

    private GuestMetadata() {
    }

    /**
     * Reads the guest's facts and what it sees. A detection that fails leaves the virtualization
     * keys out rather than failing the cell: they describe, they do not measure.
     *
     * @param hostFacts the host facts of {@link #hostFacts}
     */
    public static GuestFacts collect(Guest guest, Map<String, String> hostFacts) {
        GuestFacts own = guest.facts();
        Map<String, String> extra = new LinkedHashMap<>(own.extra());
        try {
            CommandResult r = guest.run(Command.of("/bin/sh", "-c", Virtualization.SCRIPT).withTimeout(Duration.ofSeconds(30)));
            Virtualization v = Virtualization.parse(r.stdout());
            extra.put(VIRTUALIZATION, v.name());
            extra.put(VIRTUALIZATION_KIND, v.kind());
            extra.put(VIRTUALIZATION_EVIDENCE, v.evidence());
        } catch (RuntimeException e) {
            extra.put(VIRTUALIZATION_EVIDENCE, "detection failed: " + e.getMessage());
        }
        hostFacts.forEach(extra::putIfAbsent);
        return new GuestFacts(own.kernel(), own.cpus(), own.memoryBytes(), extra);
    }

    /**
     * The host's name and kernel for a cell of {@code backend}, from its provisioning facts where
     * they name them, else this machine's for a local backend, else the backend's host name alone.
     */
    public static Map<String, String> hostFacts(Backend backend, Map<String, String> provisioningFacts) {
        Map<String, String> host = new LinkedHashMap<>();
        boolean local = Backend.LOCAL_HOST.equals(backend.host());
        String name = provisioningFacts.get(HOST_NAME);
        host.put(HOST_NAME, name != null ? name : local ? localHostName() : backend.host());
        String kernel = provisioningFacts.get(HOST_KERNEL);
        if (kernel != null) {
            host.put(HOST_KERNEL, kernel);
        } else if (local) {
            host.put(HOST_KERNEL, read("/proc/sys/kernel/osrelease"));
        }
        return host;
    }

    /** Provisioning facts with the host's name and kernel added where the backend left them out. */
    public static Map<String, String> withHost(Backend backend, Map<String, String> provisioningFacts) {
        Map<String, String> facts = new LinkedHashMap<>(provisioningFacts);
        hostFacts(backend, provisioningFacts).forEach(facts::putIfAbsent);
        return facts;
    }

    /** This machine's host name. */
    public static String localHostName() {
        return read("/proc/sys/kernel/hostname");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
