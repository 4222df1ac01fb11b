package org.virtbench.benchmarks;

import java.util.List;

/** The JVM heap settings of the harness, as {@code ./virtbench} passes them; measured by {@link MemoryBenchmark}. */
final class HeapSettings {
    /** Keep in step with {@code ./virtbench}. */
    static final List<String> HARNESS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1");

    /** {@link #HARNESS} with the JIT's optimizing compiler (C2) left on, for comparison. */
    static final List<String> HARNESS_WITH_C2 = HARNESS.stream().filter(f -> !f.startsWith("-XX:TieredStopAtLevel")).toList();

    private HeapSettings() {
    }
}
