package org.virtbench.runner.backend.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LxcConfigTest {
    @Test
    void rendersAPrivilegedUnconfinedGuestOnTheBridgeWithItsMemoryLimit() {
        LxcConfig config = new LxcConfig("vb3g7", Path.of("/var/lib/virtbench/lxc/run-1-1/vb3g7/rootfs"), "vb3br",
                "10.213.3.17", 24, "10.213.3.1", List.of("lxc.cgroup.memory.limit_in_bytes = 104857600"));
        List<String> lines = config.render().lines().toList();
        for (String expected : List.of(
                "lxc.uts.name = vb3g7",
                "lxc.rootfs.path = dir:/var/lib/virtbench/lxc/run-1-1/vb3g7/rootfs",
                "lxc.apparmor.profile = unconfined",
                "lxc.mount.auto = proc:mixed sys:ro cgroup:mixed",
                "lxc.net.0.type = veth",
                "lxc.net.0.link = vb3br",
                "lxc.net.0.veth.pair = vb3g7",
                "lxc.net.0.ipv4.address = 10.213.3.17/24",
                "lxc.net.0.ipv4.gateway = 10.213.3.1",
                "lxc.cgroup.memory.limit_in_bytes = 104857600")) {
            assertTrue(lines.contains(expected), "missing '" + expected + "' in\n" + config.render());
        }
    }

    @Test
    void namesMustFitAnInterfaceName() {
        assertThrows(IllegalArgumentException.class, () -> new LxcConfig("vb123g4567890123", Path.of("/r"), "br",
                "10.0.0.2", 24, "10.0.0.1", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new LxcConfig("vb1 g1", Path.of("/r"), "br",
                "10.0.0.2", 24, "10.0.0.1", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new LxcConfig("vb1g1", Path.of("/r\nlxc.init.cmd = x"),
                "br", "10.0.0.2", 24, "10.0.0.1", List.of()));
    }

    @Test
    void memoryLinesFollowTheCgroupLayout(@TempDir Path memoryRoot) throws IOException {
        CgroupLayout v1 = new CgroupLayout(CgroupLayout.Kind.V1, Optional.of(memoryRoot), List.of(memoryRoot));
        assertEquals(List.of("lxc.cgroup.memory.limit_in_bytes = 1048576"), v1.memoryConfig(1 << 20));
        assertEquals(Optional.of("memory.limit_in_bytes"), v1.limitFile());
        Files.writeString(memoryRoot.resolve("memory.memsw.limit_in_bytes"), "max");
        assertEquals(List.of("lxc.cgroup.memory.limit_in_bytes = 1048576",
                "lxc.cgroup.memory.memsw.limit_in_bytes = 1048576"), v1.memoryConfig(1 << 20),
                "swap is limited too where the kernel accounts it, after the memory limit");

        CgroupLayout v2 = new CgroupLayout(CgroupLayout.Kind.V2, Optional.of(memoryRoot), List.of(memoryRoot));
        assertEquals(List.of("lxc.cgroup2.memory.max = 1048576", "lxc.cgroup2.memory.swap.max = 0"), v2.memoryConfig(1 << 20));
        assertEquals(Optional.of("memory.max"), v2.limitFile());

        CgroupLayout none = new CgroupLayout(CgroupLayout.Kind.NONE, Optional.empty(), List.of());
        assertEquals(List.of(), none.memoryConfig(1 << 20));
        assertEquals(Optional.empty(), none.limitFile());
    }

    @Test
    void thisHostHasAMemoryController() {
        CgroupLayout layout = CgroupLayout.detect();
        assertTrue(layout.kind() != CgroupLayout.Kind.NONE, "no memory cgroup controller: " + layout);
        assertTrue(layout.hierarchies().contains(layout.memoryRoot().orElseThrow()), layout.toString());
    }
}
