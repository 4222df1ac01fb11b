package org.virtbench.runner.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.transport.exec.ExecHelperPool;
import org.virtbench.runner.transport.exec.ExecRequest;

/** A host guest whose commands go through exec helpers: what a sample sees of them. */
class ExecHelperGuestTest {
    @TempDir
    Path dir;
    private ProcessGuest guest;

    @BeforeEach
    void start() {
        guest = new ProcessGuest("g", 0, "127.0.0.1", dir.resolve("work").toString(), List.of(), Path.of("/"));
        guest.useExecHelper();
    }

    @AfterEach
    void stop() {
        guest.stopExecHelper();
    }

    private List<ProcessHandle> helpers() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/vb-exec")).orElse(false)).toList();
    }

    @Test
    void commandsGoThroughOneLongLivedHelper() {
        CommandResult first = guest.run(Command.of("sh", "-c", "echo $PPID"));
        CommandResult second = guest.run(Command.of("sh", "-c", "echo $PPID").withEnv("A", "b")
                .withWorkingDirectory(dir.toString()));
        assertEquals(first.stdout(), second.stdout(), "both commands are children of the same helper");
        List<ProcessHandle> helpers = helpers();
        assertEquals(1, helpers.size());
        assertEquals(Long.toString(helpers.get(0).pid()), first.stdout().strip());
        assertTrue(first.hostEndNanos() >= first.hostStartNanos());
        assertTrue(first.guestElapsedNanos().isEmpty(), "host stamps: no separate guest clock");
    }

    @Test
    void outputBeyondTheBoundIsCutInTheMiddle() {
        CommandResult big = guest.run(Command.of("sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' x; echo END"));
        assertTrue(big.ok());
        assertTrue(big.stdout().length() < 2_200_000, "kept " + big.stdout().length());
        assertTrue(big.stdout().contains("bytes of output left out here"));
        assertTrue(big.stdout().endsWith("END\n"));
    }

    @Test
    void timeoutAndMissingProgramFailClearly() {
        assertThrows(CommandTimeoutException.class,
                () -> guest.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(200))));
        GuestException missing = assertThrows(GuestException.class,
                () -> guest.run(Command.of("vb-no-such-program-here")));
        assertTrue(missing.getMessage().contains("cannot start"), missing.getMessage());
        assertEquals(7, guest.run(Command.of("sh", "-c", "exit 7")).exitCode());
    }

    @Test
    void aHelperKilledMidCommandFailsThatSampleAndTheNextCommandGetsAFreshOne() throws Exception {
        guest.run(Command.of("true"));
        ProcessHandle first = helpers().get(0);
        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(
                () -> guest.run(Command.of("sleep", "30")));
        Thread.sleep(300);
        first.destroyForcibly();
        Exception e = assertThrows(Exception.class, () -> running.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof GuestException, e.toString());
        assertTrue(e.getCause().getMessage().contains("exec helper ended"), e.getCause().getMessage());
        assertEquals("ok\n", guest.run(Command.of("echo", "ok")).stdout());
        List<ProcessHandle> now = helpers();
        assertEquals(1, now.size());
        assertFalse(now.get(0).pid() == first.pid());
    }

    @Test
    void concurrentCommandsGetHelpersOfTheirOwn() throws Exception {
        CompletableFuture<CommandResult> a = CompletableFuture.supplyAsync(() -> guest.run(Command.of("sleep", "0.5")));
        CompletableFuture<CommandResult> b = CompletableFuture.supplyAsync(() -> guest.run(Command.of("sleep", "0.5")));
        assertTrue(a.get(10, TimeUnit.SECONDS).ok());
        assertTrue(b.get(10, TimeUnit.SECONDS).ok());
        assertEquals(2, helpers().size());
    }

    @Test
    void aHelperThatCannotStartIsToldOnceAndTheCallerFallsBack() throws Exception {
        int[] starts = {0};
        try (ExecHelperPool pool = new ExecHelperPool("g", "the JDK", () -> {
            starts[0]++;
            throw new IOException("gcc not found");
        })) {
            ExecRequest request = ExecRequest.of(Command.of("true"));
            assertTrue(pool.exec(request, java.io.OutputStream.nullOutputStream(),
                    java.io.OutputStream.nullOutputStream()).isEmpty());
            assertTrue(pool.exec(request, java.io.OutputStream.nullOutputStream(),
                    java.io.OutputStream.nullOutputStream()).isEmpty());
            assertEquals(Optional.of("gcc not found"), pool.unavailable());
            assertEquals(1, starts[0], "no new start per command once it failed");
        }
    }

    @Test
    void anInterruptedCallerKillsItsCommandAsTheJdkWaitWould() throws Exception {
        String marker = "41." + (100 + new java.util.Random().nextInt(800));
        Thread[] runner = new Thread[1];
        CompletableFuture<CommandResult> running = new CompletableFuture<>();
        runner[0] = new Thread(() -> {
            try {
                running.complete(guest.run(Command.of("sleep", marker)));
            } catch (RuntimeException e) {
                running.completeExceptionally(e);
            }
        });
        runner[0].start();
        Thread.sleep(500);
        long t0 = System.nanoTime();
        runner[0].interrupt();
        Exception e = assertThrows(Exception.class, () -> running.get(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "returned soon after the interrupt");
        assertTrue(e.getCause() instanceof GuestException && e.getCause().getMessage().contains("interrupted"),
                e.toString());
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments()
                .map(a -> a.length == 1 && a[0].equals(marker)).orElse(false)), "the sleep was killed");
        assertEquals("ok\n", guest.run(Command.of("echo", "ok")).stdout(), "the next command gets a fresh helper");
    }
}
