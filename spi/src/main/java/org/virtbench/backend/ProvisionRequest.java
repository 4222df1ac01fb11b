package org.virtbench.backend;

import java.nio.file.Path;
import java.util.List;

/**
 * What a campaign asks of a backend for one cell.
 *
 * @param guests            how many guests, at least 1
 * @param memoryBytes       memory per guest, from the campaign's memory policy: a whole number of
 *                          mebibytes ({@link org.virtbench.plan.MemoryPolicy#perGuestBytes} rounds down)
 * @param peer              whether a peer host is needed on a network path the guests reach
 * @param packages          Debian packages the workload needs in each guest (for images)
 * @param outputDirectory   where the backend may keep logs (serial consoles, configs) of this cell
 */
public record ProvisionRequest(int guests, long memoryBytes, boolean peer, List<String> packages, Path outputDirectory) {
    public ProvisionRequest {
        if (guests < 1) {
            throw new IllegalArgumentException("at least one guest, got " + guests);
        }
        packages = List.copyOf(packages);
    }

    /** The unit a guest's memory is given in. */
    public static final long MEBIBYTE = 1L << 20;

    /**
     * Memory per guest in mebibytes, what a backend applies: the one rounding rule (down, as the
     * policy already rounded) for every backend that sizes guests.
     */
    public long memoryMebibytes() {
        return memoryBytes / MEBIBYTE;
    }
}
