package org.virtbench.runner.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.transport.ProcessGuest;

class HostMetadataTest {
    @Test
    void readsTheHostAndTheVersionsOfTheWorkloadsTools() throws Exception {
        HostMetadata host = HostMetadataCollector.collect(List.of("bzip2", "no-such-tool-here"), List.of("bzip2"));
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(), host.kernel());
        assertTrue(host.cpus() > 0);
        assertTrue(host.memoryBytes() > 0);
        assertNotNull(host.cpuModel());
        assertTrue(host.toolVersions().get("bzip2").contains("1.0"), host.toolVersions().toString());
        assertTrue(!host.toolVersions().containsKey("no-such-tool-here"));
        assertTrue(host.packageVersions().get("bzip2").startsWith("1.0"), host.packageVersions().toString());
    }

    @Test
    void findsTheSchedulerOfTheDiskUnderRootWhenThereIsOne() {
        HostMetadataCollector.rootDisk().ifPresent(disk -> {
            String scheduler = HostMetadataCollector.scheduler(disk).orElseThrow();
            assertTrue(!scheduler.contains("[") && !scheduler.isBlank(), scheduler);
        });
    }

    @Test
    void calibratesTheTransportWithTrue(@TempDir Path dir) {
        ProcessGuest guest = new ProcessGuest("cal", 0, "127.0.0.1", dir.toString(), List.of(), Path.of("/"));
        TransportOverhead overhead = TransportCalibration.calibrate(guest, 10);
        assertEquals(10, overhead.runs());
        assertTrue(overhead.minNanos() > 0 && overhead.minNanos() <= overhead.medianNanos());
        assertTrue(overhead.medianNanos() < 100_000_000, "well under 100 ms: " + overhead.medianNanos());
    }
}
