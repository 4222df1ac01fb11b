package org.virtbench.runner.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real CPU burner in a real cgroup made for the test, found and read as an LXC guest's payload
 * cgroup is: the cgroup's CPU time must match the process's own within 5%.
 */
class CgroupViewTest {
    @Test
    void cgroupCpuMatchesItsOnlyProcess() throws Exception {
        String name = "virtbench-test-" + UUID.randomUUID();
        boolean v1 = Files.isDirectory(Cgroups.ROOT.resolve("cpuacct"));
        List<Path> made = new ArrayList<>();
        if (v1) {
            for (String controller : List.of("cpuacct", "memory", "blkio")) {
                made.add(Files.createDirectory(Cgroups.ROOT.resolve(controller).resolve(name)));
            }
        } else {
            made.add(Files.createDirectory(Cgroups.ROOT.resolve(name)));
        }
        Process burner = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            for (Path cgroup : made) {
                Files.writeString(cgroup.resolve("cgroup.procs"), Long.toString(burner.pid()));
            }
            GuestView view = ObservableGuests.containerCgroup(name).orElseThrow();
            assertTrue(view.describe().startsWith(v1 ? "cgroup v1" : "cgroup v2"), view.describe());
            GuestView process = new GuestView.HostProcess(burner.pid());
            GuestCounters a = view.read().orElseThrow();
            GuestCounters pa = process.read().orElseThrow();
            Thread.sleep(2000);
            GuestCounters b = view.read().orElseThrow();
            GuestCounters pb = process.read().orElseThrow();
            double cgroupSeconds = (b.cpuNanos() - a.cpuNanos()) / 1e9;
            double processSeconds = (pb.cpuNanos() - pa.cpuNanos()) / 1e9;
            assertTrue(processSeconds > 0.5, "the burner ran: " + processSeconds + " s");
            // the process counts in 10 ms ticks, the cgroup in nanoseconds
            assertEquals(processSeconds, cgroupSeconds, processSeconds * 0.05 + 0.02,
                    "cgroup " + cgroupSeconds + " s against its process " + processSeconds + " s");
            // pages the burner touched before it moved stay charged to its old cgroup (v1 moves no
            // charges): the figure is read, whatever it is
            assertNotNull(b.memoryBytes(), "the memory controller's usage is read");
        } finally {
            burner.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            for (Path cgroup : made) {
                removeWhenEmpty(cgroup);
            }
        }
    }

    private static void removeWhenEmpty(Path cgroup) throws IOException, InterruptedException {
        for (int i = 0; i < 50; i++) {
            try {
                Files.deleteIfExists(cgroup);
                return;
            } catch (IOException busy) {
                Thread.sleep(100); // the killed burner leaves the cgroup a moment later
            }
        }
        Files.deleteIfExists(cgroup);
    }
}
