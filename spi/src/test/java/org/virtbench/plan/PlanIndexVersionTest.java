package org.virtbench.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code plans.json} from another processor version is refused, naming both versions. */
class PlanIndexVersionTest {
    private static ByteArrayInputStream index(int version) {
        return new ByteArrayInputStream(("{\"schemaVersion\":" + version + ",\"plans\":[]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNewerIndexIsRefusedNamingBothVersions() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PlanIndex.read(index(2)));
        assertTrue(e.getMessage().contains("schemaVersion 2") && e.getMessage().contains("reads 1"), e.getMessage());
    }

    @Test
    void theCurrentIndexIsRead() throws Exception {
        assertEquals(PlanIndex.SCHEMA_VERSION, PlanIndex.read(index(PlanIndex.SCHEMA_VERSION)).schemaVersion());
    }
}
