package org.virtbench.runner.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.start.ClockCheck;
import org.virtbench.runner.start.SpanSource;
import org.virtbench.runner.start.StartLine;

/** The SSH transport against a real SSH server (Apache MINA SSHD) running in this process. */
class SshGuestTest {
    @TempDir
    Path dir;
    private TestSshServer server;
    private ClientKey clientKey;
    private SshGuest guest;

    @BeforeEach
    void start() throws IOException {
        clientKey = ClientKey.ensure(dir.resolve("keys"));
        server = TestSshServer.start(clientKey.publicKey());
        guest = new SshGuest("ssh-0", 0, "/tmp", endpoint(server.pinnedKey()));
    }

    @AfterEach
    void stop() throws IOException {
        guest.close();
        server.close();
    }

    private SshEndpoint endpoint(PinnedHostKey key) {
        return new SshEndpoint("127.0.0.1", server.port(), "root", clientKey.privateKey(), key, Duration.ofSeconds(10));
    }

    @Test
    void runsACommandAndKeepsExitCodeAndBothStreams() {
        CommandResult r = guest.run(Command.shell("echo out; echo 'err line' >&2; exit 3"));
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err line\n", r.stderr(), "the clock wrapper's lines are stripped");
        assertTrue(r.hostEndNanos() > r.hostStartNanos());
    }

    @Test
    void passesArgumentsUnchangedAndKeepsStderrWithoutTrailingNewline() {
        CommandResult r = guest.run(Command.of("printf", "%s|%s", "a b", "it's $HOME").withEnv("X", "1"));
        assertEquals("a b|it's $HOME", r.stdout());
        CommandResult e = guest.run(Command.shell("printf 'no newline' >&2"));
        assertEquals("no newline", e.stderr());
    }

    @Test
    void readsTheGuestClockAroundTheCommand() {
        // The host's span includes the transport's own time, which a loaded machine stretches:
        // drift is judged net of the calibrated overhead, as the engine does.
        long overhead = guest.calibrate(5).toNanos();
        CommandResult r = guest.run(Command.of("sleep", "0.5"));
        assertTrue(r.guestElapsedNanos().isPresent());
        long guestNanos = r.guestElapsedNanos().getAsLong();
        long hostNanos = r.hostEndNanos() - r.hostStartNanos();
        assertTrue(guestNanos >= 480_000_000L, "guest saw " + guestNanos);
        assertTrue(guestNanos <= hostNanos + 2 * GuestClock.RESOLUTION_NANOS, "guest " + guestNanos + " host " + hostNanos);
        assertFalse(ClockDrift.ofSsh(r, overhead).orElseThrow().flagged(0.05), "the same clock cannot drift");
    }

    @Test
    void refusesAServerWithAnotherHostKeyBeforeAuthenticating() {
        PinnedHostKey other = PinnedHostKey.parse(
                org.apache.sshd.common.config.keys.PublicKeyEntry.toString(TestSshServer.newHostKey().getPublic()), "another image");
        try (SshGuest impostor = new SshGuest("ssh-1", 1, "/tmp", endpoint(other))) {
            HostKeyMismatchException e = assertThrows(HostKeyMismatchException.class, impostor::connect);
            assertTrue(e.getMessage().contains("REFUSED"), e.getMessage());
            assertTrue(e.getMessage().contains(server.pinnedKey().fingerprint()), "names the key presented: " + e.getMessage());
            assertTrue(e.getMessage().contains(other.fingerprint()), "names the key pinned: " + e.getMessage());
            // awaitReady must not keep retrying a refusal
            long t0 = System.nanoTime();
            assertThrows(HostKeyMismatchException.class, () -> impostor.awaitReady(Duration.ofSeconds(20), () -> true));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        }
        assertEquals(0, server.authAttempts(), "the client key was never offered to the impostor");
    }

    @Test
    void killsACommandPastItsTimeoutWithItsChildren() throws Exception {
        String marker = "37." + (100 + new Random().nextInt(800));
        long t0 = System.nanoTime();
        CommandTimeoutException e = assertThrows(CommandTimeoutException.class,
                () -> guest.run(Command.shell("echo started; sleep " + marker + "; echo never").withTimeout(Duration.ofSeconds(1))));
        long took = System.nanoTime() - t0;
        assertTrue(took < TimeUnit.SECONDS.toNanos(10), "returned after " + took / 1e9 + " s");
        assertTrue(e.getMessage().contains("started"), "keeps partial output: " + e.getMessage());
        assertFalse(e.getMessage().contains("VIRTBENCH-PID"), e.getMessage());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sleeping(marker) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(sleeping(marker), "the command's child 'sleep " + marker + "' was killed");
        assertEquals("still usable\n", guest.run("echo", "still usable").stdout());
    }

    private static boolean sleeping(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments()
                .map(a -> a.length == 1 && a[0].equals(marker)).orElse(false));
    }

    @Test
    void aConnectionDroppedDuringACommandIsAGuestExceptionAndTheNextCommandReconnects() throws Exception {
        assertEquals(0, guest.run("true").exitCode());
        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> guest.run(Command.of("sleep", "3")));
        Thread.sleep(500);
        server.stop();
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(20, TimeUnit.SECONDS));
        assertInstanceOf(GuestException.class, e.getCause());
        assertFalse(e.getCause() instanceof CommandTimeoutException);
        assertTrue(e.getCause().getMessage().contains("lost"), e.getCause().getMessage());

        GuestException down = assertThrows(GuestException.class, () -> guest.run("true"));
        assertTrue(down.getMessage().contains("reconnecting failed"), down.getMessage());

        server.restart();
        assertEquals("back\n", guest.run("echo", "back").stdout());
        assertTrue(guest.reconnects() >= 1);
    }

    @Test
    void copiesFilesInAndOut() throws IOException {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Path source = Files.write(dir.resolve("source.bin"), data);
        String guestPath = dir.resolve("guest side/it's here/file.bin").toString();
        guest.copyIn(source, guestPath);
        assertArrayEquals(data, Files.readAllBytes(Path.of(guestPath)));
        Path back = dir.resolve("back/copy.bin");
        guest.copyOut(guestPath, back);
        assertArrayEquals(data, Files.readAllBytes(back));
        GuestException missing = assertThrows(GuestException.class, () -> guest.copyOut("/nonexistent/x", dir.resolve("x")));
        assertTrue(missing.getMessage().contains("/nonexistent/x"));
        assertFalse(Files.exists(dir.resolve("x.part")));
    }

    @Test
    void gatesTwoGuestsBehindTheStartLineAndTimesOnTheGuestsClock() throws Exception {
        try (SshGuest second = new SshGuest("ssh-1", 1, "/tmp", endpoint(server.pinnedKey()))) {
            StartLine line = new StartLine(java.util.List.of(0, 1));
            java.util.List<SshGuest> guests = java.util.List.of(guest, second);
            java.util.List<CompletableFuture<CommandResult>> running = new java.util.ArrayList<>();
            for (SshGuest g : guests) {
                g.armStartGate(line.seat(g.index()));
                running.add(CompletableFuture.supplyAsync(() -> g.run(Command.shell("echo err >&2; sleep 0.3; exit 4"))));
            }
            Thread.sleep(700);
            assertFalse(running.get(0).isDone() || running.get(1).isDone(), "a command ran before the line opened");
            long opened = System.nanoTime();
            assertEquals(2, line.open(Duration.ofSeconds(20)));
            for (SshGuest g : guests) {
                CommandResult r = running.get(g.index()).get(20, TimeUnit.SECONDS);
                StartLine.Seat seat = line.seat(g.index());
                assertEquals(4, r.exitCode(), "the command's own status comes back");
                assertEquals("err\n", r.stderr(), "the wrapper's lines are taken out of standard error");
                assertEquals(java.util.Optional.of(SpanSource.GATE_GUEST_CLOCK), seat.spanSource(),
                        "timed on the guest's clock through the release's round trip: " + seat.spanNote());
                long span = r.hostEndNanos() - r.hostStartNanos();
                assertTrue(span >= 300_000_000L && span < 450_000_000L, "the span is the command's: " + span);
                assertTrue(r.hostStartNanos() >= opened, "it started after the release, not at the SSH exec");
                // the probes before the release found this guest's clock: the host's own, as this sshd runs here
                org.virtbench.runner.start.WallClock.Offset probed = seat.guestClock().orElseThrow(() ->
                        new AssertionError("no clock probe was answered over SSH"));
                org.virtbench.runner.start.WallClock.Offset host = org.virtbench.runner.start.WallClock.offset();
                assertTrue(Math.abs(probed.nanos() - host.nanos()) <= probed.uncertainty() + host.uncertainty() + 1_000L,
                        "the probes put the guest's clock " + (probed.nanos() - host.nanos()) + " ns off the host's");
                // so it was told the common instant on its clock, and held until it unless the release came late
                org.virtbench.runner.start.GateOpening opening = seat.opening().orElseThrow();
                assertTrue(opening.late() || r.hostStartNanos() >= opening.openNanos() - 2 * opening.uncertaintyNanos()
                        - 1_000L, "started " + (opening.openNanos() - r.hostStartNanos()) + " ns before the instant");
                ClockCheck clock = seat.clock().orElseThrow();
                assertEquals(span, clock.guestNanos(), "the guest's elapsed time is its stamps'");
                assertFalse(ClockDrift.of(clock).flagged(ClockDrift.DEFAULT_LIMIT),
                        "the same clock cannot drift: " + clock);
            }
            assertTrue(guest.run("true").ok(), "only the next command after arming waits at the gate");
        }
    }

    @Test
    void calibratesItsOverhead() {
        // the median of five round trips: at least three of them took as long, all inside the call
        long t0 = System.nanoTime();
        Duration overhead = guest.calibrate(5);
        long took = System.nanoTime() - t0;
        assertTrue(overhead.toNanos() > 0 && 3 * overhead.toNanos() <= took, "overhead " + overhead + " in " + took + " ns");
    }
}
