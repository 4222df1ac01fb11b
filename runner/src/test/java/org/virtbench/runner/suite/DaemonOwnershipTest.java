package org.virtbench.runner.suite;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.transport.ProcessGuest;
import org.virtbench.suites.support.Daemon;

/** A daemon is ready when it listens itself, never when a leftover holds its port. */
class DaemonOwnershipTest {
    @TempDir
    Path dir;

    @Test
    void aLeftoverHoldingThePortIsNotTakenForTheDaemon() throws Exception {
        ProcessGuest guest = new ProcessGuest("t", 0, "127.0.0.1", dir.toString(), List.of(), Path.of("/"));
        try (ServerSocket leftover = new ServerSocket(0)) {
            Daemon quiet = Daemon.start(guest, "quiet", dir.resolve("d").toString(), List.of("sleep", "30"));
            try {
                GuestException e = assertThrows(GuestException.class,
                        () -> quiet.awaitListening(leftover.getLocalPort(), Duration.ofSeconds(2)));
                assertTrue(e.getMessage().contains("another process holds it"), e.getMessage());
            } finally {
                quiet.stop(Duration.ofSeconds(5));
            }
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Daemon listener = Daemon.start(guest, "listener", dir.resolve("l").toString(),
                List.of("python3", "-c", "import socket,time; s=socket.socket(); s.bind(('127.0.0.1'," + port
                        + ")); s.listen(); time.sleep(30)"));
        try {
            listener.awaitListening(port, Duration.ofSeconds(20)); // its own socket: ready
        } finally {
            listener.stop(Duration.ofSeconds(5));
        }
    }
}
