package org.virtbench.runner.backend.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.runner.telemetry.ObservableGuests;
import org.virtbench.runner.telemetry.TelemetryInterval;
import org.virtbench.runner.telemetry.TelemetryRecorder;
import org.virtbench.runner.telemetry.TrialTelemetry;
import org.virtbench.runner.telemetry.TrialTelemetry.GuestShare;

/**
 * Host guests at n = 2 watched from outside through their CPU groups: a guest whose busy loop
 * ended before the window closed still has its CPU time counted, and the other, which only slept,
 * has almost none.
 */
class HostGuestTelemetryTest {
    @TempDir
    Path logs;
    @TempDir
    Path cell;

    @Test
    void eachGuestsCpuComesFromItsGroupAlsoAfterItsProcessesEnded() throws Exception {
        Provisioning provisioning = new HostBackend(HostBackend.DEFAULT_ROOT)
                .provision(new ProvisionRequest(2, 1L << 30, false, List.of(), logs));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            assertTrue(provisioning instanceof ObservableGuests, "host guests can be watched");
            List<Guest> guests = provisioning.guests();
            TrialTelemetry t;
            try (TelemetryRecorder recorder = TelemetryRecorder.start(cell, TelemetryInterval.parse("250ms"),
                    "burner", "host", 1, guests, Optional.of((ObservableGuests) provisioning))) {
                recorder.trialStarting(0);
                Future<CommandResult> burn = pool.submit(() -> guests.get(0)
                        .run(Command.of("timeout", "2", "sh", "-c", "while :; do :; done")));
                Future<CommandResult> sleep = pool.submit(() -> guests.get(1).run(Command.of("sleep", "2")));
                assertEquals(124, burn.get().exitCode(), "the busy loop ran until timeout stopped it");
                sleep.get().requireSuccess();
                t = recorder.trialEnded(0, false).orElseThrow();
            }
            GuestShare burner = t.guests().get(0);
            GuestShare sleeper = t.guests().get(1);
            assertTrue(burner.source().startsWith("cgroup"), burner.source());
            assertNotNull(burner.cpuSeconds(), "read from the group: " + burner.source());
            assertNotNull(sleeper.cpuSeconds(), "read from the group: " + sleeper.source());
            // a busy loop for 2 s on a shared machine gets a good part of one CPU; its process
            // ended before the window's end edge was read, the group still counts it
            assertTrue(burner.cpuSeconds() > 0.3, "burner " + burner.cpuSeconds() + " s");
            assertTrue(burner.cpuSeconds() <= t.windowNanos() / 1e9 * 1.05, "burner " + burner.cpuSeconds() + " s");
            assertTrue(sleeper.cpuSeconds() < 0.1, "sleeper " + sleeper.cpuSeconds() + " s");
            assertTrue(burner.shareOfGuests() > 0.8, "burner's share of the guests' CPU " + burner.shareOfGuests());
            assertEquals(0.5, burner.fairShare(), 1e-9);
        } finally {
            pool.shutdownNow();
            provisioning.close();
        }
    }
}
