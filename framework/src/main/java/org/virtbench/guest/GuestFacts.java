package org.virtbench.guest;

import java.util.Map;

/**
 * What a guest says about itself.
 *
 * @param kernel        {@code uname -r}
 * @param cpus          online CPUs, {@code nproc}
 * @param memoryBytes   {@code MemTotal} of {@code /proc/meminfo}
 * @param extra         anything else a backend or transport knows (virtualization detected, OS release)
 */
public record GuestFacts(String kernel, int cpus, long memoryBytes, Map<String, String> extra) {
    public GuestFacts {
        extra = Map.copyOf(extra);
    }
}
