package org.virtbench.runner.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;

class BackendLabelsTest {
    private final List<BackendProvider> providers = ServiceLoader.load(BackendProvider.class).stream()
            .map(ServiceLoader.Provider::get).toList();

    @Test
    void aLabelMakesTheSameTechnologyASecondBackend() {
        Map<String, Backend> backends = Backends.create(List.of("host", "host@b"), providers);
        assertEquals(List.of("host", "host@b"), List.copyOf(backends.keySet()));
        assertNotSame(backends.get("host"), backends.get("host@b"));
        assertEquals(backends.get("host").technology(), backends.get("host@b").technology());
    }

    @Test
    void aBadLabelOrAnUnknownTechnologyIsAUsageError() {
        InvalidOptionsException bad = assertThrows(InvalidOptionsException.class,
                () -> Backends.create(List.of("host@a/b"), providers));
        assertTrue(bad.getMessage().contains("a label after @ is letters, digits, - or _, such as host@b"),
                bad.getMessage());
        InvalidOptionsException unknown = assertThrows(InvalidOptionsException.class,
                () -> Backends.create(List.of("nosuch@b"), providers));
        assertTrue(unknown.getMessage().startsWith("unknown backend 'nosuch'"), unknown.getMessage());
    }
}
