package org.virtbench.benchmarks;

import java.util.List;

/** The JVM heap settings of the harness, as {@code ./virtbench} passes them; measured by {@link MemoryBenchmark}. */
final class HeapSettings {
    /** Keep in step with {@code ./virtbench}. */
    static final List<String> HARNESS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30");

    private HeapSettings() {
    }
}
