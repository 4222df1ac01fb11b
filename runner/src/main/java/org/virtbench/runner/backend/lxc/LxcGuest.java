package org.virtbench.runner.backend.lxc;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.virtbench.guest.GuestFacts;
import org.virtbench.runner.transport.ProcessGuest;

/**
 * An lxc guest: commands through {@code lxc-attach}, files through the host's view of its overlay.
 * Its facts give the memory its cgroup allows: a container without lxcfs reads the host's
 * {@code MemTotal} from {@code /proc/meminfo}, which would report a 101 MiB guest as a 24 GiB one.
 */
final class LxcGuest extends ProcessGuest {
    private final OptionalLong memoryLimit;

    /**
     * @param memoryLimit the limit read back from the guest's memory cgroup; empty when unlimited
     */
    LxcGuest(String name, int index, String address, String workDir, List<String> prefix, Path rootOnHost,
             OptionalLong memoryLimit) {
        super(name, index, address, workDir, prefix, rootOnHost);
        this.memoryLimit = memoryLimit;
    }

    @Override
    public GuestFacts facts() {
        GuestFacts seen = super.facts();
        Map<String, String> extra = new LinkedHashMap<>(seen.extra());
        extra.put("virtualization", "lxc");
        extra.put("meminfo.MemTotal.bytes", Long.toString(seen.memoryBytes()));
        extra.put("memory.limit.bytes", memoryLimit.isPresent() ? Long.toString(memoryLimit.getAsLong()) : "none");
        long memory = memoryLimit.isPresent() ? Math.min(seen.memoryBytes(), memoryLimit.getAsLong()) : seen.memoryBytes();
        return new GuestFacts(seen.kernel(), seen.cpus(), memory, extra);
    }
}
