package org.virtbench.suites.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelSourceTest {
    @Test
    void versionsSortAsNumbers() {
        List<String> sorted = List.of("/usr/src/linux-source-6.10.tar.xz", "/usr/src/linux-source-6.1.tar.xz",
                "/usr/src/linux-source-6.9.tar.xz").stream().sorted(Comparator.comparing(KernelSource::versionKey)).toList();
        assertEquals(List.of("/usr/src/linux-source-6.1.tar.xz", "/usr/src/linux-source-6.9.tar.xz",
                "/usr/src/linux-source-6.10.tar.xz"), sorted);
    }
}
