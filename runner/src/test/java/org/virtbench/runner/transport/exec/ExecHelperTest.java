package org.virtbench.runner.transport.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec helper ({@code vb-exec}, built from its C source) spoken to directly over its protocol. */
class ExecHelperTest {
    private static final OutputStream NULL = OutputStream.nullOutputStream();

    @TempDir
    Path dir;

    private static ExecHelper start() throws IOException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(HelperBinary.path().toString()).start();
        return ExecHelper.attach("test", started, process.getInputStream(), process.getOutputStream(),
                process::destroyForcibly, Duration.ofSeconds(10));
    }

    private static ExecRequest request(String... argv) {
        return new ExecRequest(List.of(argv), Map.of(), Optional.empty(), Duration.ofSeconds(10));
    }

    @Test
    void argvEnvironmentAndDirectoryArriveUnchangedWithoutAShell() throws IOException {
        try (ExecHelper helper = start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ExecRequest request = new ExecRequest(List.of("/bin/sh", "-c",
                    "printf '%s|' \"$1\" \"$VB_X\" \"$(pwd)\"; echo oops >&2", "sh", "a b $HOME 'q' ü"),
                    Map.of("VB_X", "x=y z"), Optional.of(dir.toString()), Duration.ofSeconds(10));
            ExecOutcome outcome = helper.exec(request, out, err);
            assertEquals(ExecOutcome.Kind.EXITED, outcome.kind());
            assertEquals(0, outcome.exitStatus());
            assertEquals("a b $HOME 'q' ü|x=y z|" + dir.toRealPath() + "|", out.toString(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("oops\n", err.toString());
            assertTrue(helper.alive());
        }
    }

    @Test
    void exitStatusSignalAndSpawnFailureAreTold() throws IOException {
        try (ExecHelper helper = start()) {
            ExecOutcome three = helper.exec(request("sh", "-c", "exit 3"), NULL, NULL);
            assertEquals(ExecOutcome.Kind.EXITED, three.kind());
            assertEquals(3, three.exitStatus());
            ExecOutcome killed = helper.exec(request("sh", "-c", "kill -TERM $$"), NULL,
                    NULL);
            assertEquals(ExecOutcome.Kind.SIGNALED, killed.kind());
            assertEquals(15, killed.code());
            assertEquals(143, killed.exitStatus());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ExecOutcome missing = helper.exec(request("/nonexistent/vb-no-such-program"), NULL, err);
            assertEquals(ExecOutcome.Kind.SPAWN_FAILED, missing.kind());
            assertTrue(err.toString().contains("No such file"), err.toString());
            // the helper goes on after each of them
            assertEquals(0, helper.exec(request("true"), NULL, NULL).exitStatus());
        }
    }

    @Test
    void stampsAreOnThisJvmsClockAndInsideTheRoundTrip() throws IOException {
        try (ExecHelper helper = start()) {
            assertTrue(helper.sameClock());
            long before = System.nanoTime();
            ExecOutcome outcome = helper.exec(request("sleep", "0.2"), NULL, NULL);
            long after = System.nanoTime();
            assertTrue(before <= outcome.startNanos() && outcome.endNanos() <= after,
                    before + " <= " + outcome.startNanos() + " .. " + outcome.endNanos() + " <= " + after);
            assertTrue(outcome.elapsedNanos() >= 200_000_000L, "sleep 0.2 took " + outcome.elapsedNanos());
        }
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsChildren() throws IOException {
        try (ExecHelper helper = start()) {
            ExecRequest slow = new ExecRequest(List.of("sh", "-c", "sleep 30 & sleep 30; wait"), Map.of(),
                    Optional.empty(), Duration.ofMillis(300));
            long before = System.nanoTime();
            ExecOutcome outcome = helper.exec(slow, NULL, NULL);
            assertEquals(ExecOutcome.Kind.TIMED_OUT, outcome.kind());
            // the background sleep held the pipes too: killed with its group, so no 5 s wait for them
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(4));
            assertEquals(0, helper.exec(request("true"), NULL, NULL).exitStatus());
        }
    }

    @Test
    void outputLargerThanAFrameArrivesWhole() throws IOException {
        try (ExecHelper helper = start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExecOutcome outcome = helper.exec(request("head", "-c", "3000000", "/dev/zero"), out, NULL);
            assertEquals(0, outcome.exitStatus());
            assertEquals(3_000_000, out.size());
        }
    }

    @Test
    void aHelperThatDiesMidCommandFailsThatCommandAndIsDead() throws Exception {
        Process process = new ProcessBuilder(HelperBinary.path().toString()).start();
        ExecHelper helper = ExecHelper.attach("test", 0, process.getInputStream(), process.getOutputStream(),
                process::destroyForcibly, Duration.ofSeconds(10));
        CompletableFuture<ExecOutcome> running = CompletableFuture.supplyAsync(() -> {
            try {
                return helper.exec(request("sleep", "30"), NULL, NULL);
            } catch (HelperDiedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Thread.sleep(300);
        process.destroyForcibly();
        Exception e = assertThrows(Exception.class, () -> running.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof HelperDiedException, e.toString());
        assertTrue(e.getCause().getMessage().contains("[sleep, 30]"), e.getCause().getMessage());
        assertTrue(((HelperDiedException) e.getCause()).commandMayHaveRun(), "it had taken the command");
        assertFalse(helper.alive());
        assertThrows(HelperDiedException.class, () -> helper.exec(request("true"), NULL,
                NULL));
    }

    @Test
    void aTruncatedOrForeignStreamIsADeadHelperNotAResult() throws IOException {
        // a fake helper: a valid hello, then half an outcome frame and the end of its stream
        PipedInputStream fromHelper = new PipedInputStream(1 << 16);
        DataOutputStream fake = helloOn(fromHelper);
        fake.write('A');
        fake.writeInt(0);
        fake.write('X');
        fake.writeInt(21);
        fake.write(0);
        fake.close();
        AtomicInteger destroyed = new AtomicInteger();
        ExecHelper helper = ExecHelper.attach("fake", 0, fromHelper, NULL, destroyed::incrementAndGet,
                Duration.ofSeconds(5));
        assertThrows(HelperDiedException.class, () -> helper.exec(request("true"), NULL,
                NULL));
        assertEquals(1, destroyed.get());

        PipedInputStream wrong = new PipedInputStream();
        DataOutputStream other = new DataOutputStream(new PipedOutputStream(wrong));
        other.writeBytes("SSH-2.0-not a helper\r\n");
        other.close();
        assertThrows(HelperDiedException.class, () -> ExecHelper.attach("wrong", 0, wrong, NULL,
                () -> { }, Duration.ofSeconds(5)));
    }

    /** A fake helper's stream: a valid hello, then the end (it was gone before it read a request). */
    private static PipedInputStream helloThenEnd() throws IOException {
        PipedInputStream fromHelper = new PipedInputStream(1 << 16);
        helloOn(fromHelper).close();
        return fromHelper;
    }

    /** A fake helper writing into {@code fromHelper}, its valid hello already written. */
    private static DataOutputStream helloOn(PipedInputStream fromHelper) throws IOException {
        DataOutputStream fake = new DataOutputStream(new PipedOutputStream(fromHelper));
        fake.write('H');
        fake.writeInt(12);
        fake.writeInt(ExecHelper.VERSION);
        fake.writeLong(System.nanoTime());
        return fake;
    }

    @Test
    void aHelperGoneBeforeItTookTheCommandSaysTheCommandDidNotStart() throws IOException {
        ExecHelper helper = ExecHelper.attach("gone", 0, helloThenEnd(), NULL, () -> { }, Duration.ofSeconds(5));
        HelperDiedException e = assertThrows(HelperDiedException.class, () -> helper.exec(request("true"), NULL, NULL));
        assertFalse(e.commandMayHaveRun(), e.getMessage());
        assertTrue(e.getMessage().contains("not started"), e.getMessage());
        assertFalse(helper.alive());
    }

    @Test
    void thePoolHandsACommandItsHelperNeverTookBackToTheCallerAndStartsANewHelperNext() throws IOException {
        AtomicInteger starts = new AtomicInteger();
        try (ExecHelperPool pool = new ExecHelperPool("g", "a process per command", () -> {
            if (starts.incrementAndGet() == 1) {
                return ExecHelper.attach("gone", 0, helloThenEnd(), NULL, () -> { }, Duration.ofSeconds(5));
            }
            Process process = new ProcessBuilder(HelperBinary.path().toString()).start();
            return ExecHelper.attach("real", 0, process.getInputStream(), process.getOutputStream(),
                    process::destroyForcibly, Duration.ofSeconds(10));
        })) {
            // the first helper never took it: empty, so the caller runs it once its own way
            assertEquals(Optional.empty(), pool.exec(request("true"), NULL, NULL));
            assertEquals(Optional.empty(), pool.unavailable(), "one lost helper does not retire the pool");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExecOutcome outcome = pool.exec(request("echo", "again"), out, NULL).orElseThrow().outcome();
            assertEquals(0, outcome.exitStatus());
            assertEquals("again\n", out.toString(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(2, starts.get());
        }
    }

    @Test
    void theRequestFrameIsLengthPrefixedBigEndian() {
        byte[] frame = new ExecRequest(List.of("ab"), Map.of("K", "v"), Optional.of("/d"), Duration.ofSeconds(2))
                .frame();
        // argc 1, "ab"; envc 1, "K=v"; cwd "/d"; timeout 2000 ms
        byte[] body = {0, 0, 0, 1, 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 1, 0, 0, 0, 3, 'K', '=', 'v', 0, 0, 0, 2, '/', 'd',
                0, 0, 0, 0, 0, 0, 0x07, (byte) 0xd0};
        assertEquals(body.length, frame.length - 4);
        assertEquals(body.length, ((frame[0] & 0xff) << 24) | ((frame[1] & 0xff) << 16) | ((frame[2] & 0xff) << 8)
                | (frame[3] & 0xff));
        assertEquals(java.util.Arrays.toString(body),
                java.util.Arrays.toString(java.util.Arrays.copyOfRange(frame, 4, frame.length)));
        assertThrows(IllegalArgumentException.class, () -> new ExecRequest(List.of(), Map.of(), Optional.empty(),
                Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ExecRequest(List.of("x"), Map.of("A=B", "c"),
                Optional.empty(), Duration.ZERO));
    }

    @Test
    void theEndOfItsInputWhileACommandRunsKillsTheCommand() throws Exception {
        String marker = "43." + (100 + new java.util.Random().nextInt(800));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(HelperBinary.path().toString()).start();
        // destroy only closes the helper's input, as an SSH channel's close does
        ExecHelper helper = ExecHelper.attach("test", started, process.getInputStream(), process.getOutputStream(),
                () -> {
                    try {
                        process.getOutputStream().close();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, Duration.ofSeconds(10));
        CompletableFuture<ExecOutcome> running = CompletableFuture.supplyAsync(() -> {
            try {
                return helper.exec(request("sleep", marker), NULL, NULL);
            } catch (HelperDiedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Thread.sleep(300);
        helper.close();
        assertTrue(process.waitFor(5, TimeUnit.SECONDS), "the helper ended");
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments()
                .map(a -> a.length == 1 && a[0].equals(marker)).orElse(false)), "its command was killed");
        assertThrows(Exception.class, () -> running.get(5, TimeUnit.SECONDS));
    }
}
