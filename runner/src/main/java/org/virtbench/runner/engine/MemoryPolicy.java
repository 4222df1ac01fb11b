package org.virtbench.runner.engine;

/** How much memory each of n guests gets. */
@FunctionalInterface
public interface MemoryPolicy {
    /** Bytes of memory per guest when {@code guests} run at once. */
    long memoryPerGuest(int guests);
}
