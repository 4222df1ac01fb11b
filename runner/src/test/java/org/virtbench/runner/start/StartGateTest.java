package org.virtbench.runner.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.ProcessGuest;

/** The start gate with real host processes: what it releases, when, and what it stamps. */
class StartGateTest {
    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private ProcessGuest guest(int i) {
        return new ProcessGuest("host-" + i, i, "127.0.0.1", dir.resolve("g" + i).toString(), List.of(), Path.of("/"));
    }

    /**
     * How far a guest's stamp, converted to the host's monotonic clock, can sit from the true instant:
     * the stamps and the release line count whole microseconds, and the line's offset between the
     * wall and monotonic clocks was measured to within its uncertainty. Order and causality are
     * asserted within this; how far apart guests start is a figure of the skew benchmark.
     */
    private static long resolution(StartLine line) {
        return 1_000L + line.offset().orElseThrow().uncertainty();
    }

    @Test
    void holdsTheCommandUntilTheLineOpensAndTimesOnlyTheCommand() throws Exception {
        ProcessGuest guest = guest(0);
        StartLine line = new StartLine(List.of(0));
        guest.armStartGate(line.seat(0));
        Future<CommandResult> running = threads.submit(() -> guest.run(Command.shell(
                "echo out; echo err >&2; printf '%s' \"$PWD $GREETING\"; sleep 0.2; exit 3")
                .withWorkingDirectory(guest.workDir()).withEnv("GREETING", "hello")));
        Thread.sleep(500);
        assertFalse(running.isDone(), "the command ran before the line opened");
        long opened = System.nanoTime();
        assertEquals(1, line.open(Duration.ofSeconds(10)));
        CommandResult result = running.get(10, TimeUnit.SECONDS);
        long seen = System.nanoTime();

        assertEquals(3, result.exitCode(), "the command's own status comes back");
        assertEquals("out\n" + guest.workDir() + " hello", result.stdout(), "working directory and environment hold");
        assertEquals("err\n", result.stderr(), "the wrapper's lines are taken out of standard error");
        assertEquals(Optional.of(SpanSource.GATE_GUEST_STAMPS), line.seat(0).spanSource());
        assertEquals(Optional.of(result), line.seat(0).result());
        assertTrue(result.guestElapsedNanos().isPresent());

        // causality, from the recorded stamps: opened <= released <= received <= started <= ended <= seen
        long res = resolution(line);
        long released = line.seat(0).releasedAtNanos().orElseThrow();
        long received = line.seat(0).receivedNanos().orElseThrow();
        assertTrue(opened <= released, "released after open was called");
        assertTrue(released <= received + res, "the release reached the guest after it was written: "
                + (released - received) + " ns before");
        assertTrue(received <= result.hostStartNanos(), "the command started after the release reached it");
        assertTrue(result.hostStartNanos() <= result.hostEndNanos() && result.hostEndNanos() <= seen + res,
                "it ended before its result was seen");
        // the span is the command's: it excludes the half second spent waiting at the gate, and holds the sleep
        assertTrue(result.hostEndNanos() - result.hostStartNanos() >= 200_000_000L - res,
                "a sleep of 0.2 s cannot end sooner: " + (result.hostEndNanos() - result.hostStartNanos()));
        // held until the common start instant, which lies the hold after the moment open() read the clock
        long earliestInstant = opened + GateHold.of(1).toNanos();
        assertTrue(result.hostStartNanos() >= earliestInstant - res, "started "
                + (earliestInstant - result.hostStartNanos()) + " ns before the common start instant");
        assertTrue(guest.run("true").ok(), "only the next command after arming waits at the gate");
    }

    @Test
    void releasesEightGuestsAndEachWaitsForTheCommonInstant() throws Exception {
        int n = 8;
        List<Integer> indexes = IntStream.range(0, n).boxed().toList();
        StartLine line = new StartLine(indexes);
        List<Future<CommandResult>> running = new ArrayList<>();
        for (int g : indexes) {
            ProcessGuest guest = guest(g);
            running.add(threads.submit(() -> {
                guest.armStartGate(line.seat(g));
                return guest.run(Command.of("sleep", "0.3"));
            }));
        }
        long opened = System.nanoTime();
        assertEquals(n, line.open(Duration.ofSeconds(30)), "every guest took its seat and was released");
        long earliestInstant = opened + GateHold.of(n).toNanos();
        long res = resolution(line);
        long lastReleased = Long.MIN_VALUE;
        for (int g : indexes) {
            CommandResult r = running.get(g).get(30, TimeUnit.SECONDS).requireSuccess();
            StartLine.Seat seat = line.seat(g);
            assertEquals(Optional.of(SpanSource.GATE_GUEST_STAMPS), seat.spanSource(), "guest " + g);
            long released = seat.releasedAtNanos().orElseThrow();
            long received = seat.receivedNanos().orElseThrow();
            assertTrue(opened <= released && released <= received + res && received <= r.hostStartNanos(),
                    "guest " + g + ": released, then received, then started");
            assertTrue(r.hostStartNanos() >= earliestInstant - res, "guest " + g + " started "
                    + (earliestInstant - r.hostStartNanos()) + " ns before the common start instant");
            lastReleased = Math.max(lastReleased, released);
        }
        // one tight loop writes every release; the common instant lies ahead of the first write
        assertTrue(lastReleased >= opened);
    }

    @Test
    void aGuestThatLeavesDoesNotHoldTheOthersAndAStragglerGoesAtOnce() throws Exception {
        StartLine line = new StartLine(List.of(0, 1, 2));
        ProcessGuest first = guest(0);
        Future<CommandResult> waiting = threads.submit(() -> {
            first.armStartGate(line.seat(0));
            return first.run(Command.of("true"));
        });
        line.seat(1).leave(); // a guest that cannot be gated
        // guest 2 never shows up in time: the line opens after its wait with guest 0 alone
        Duration wait = Duration.ofMillis(700);
        long before = System.nanoTime();
        assertEquals(1, line.open(wait));
        assertTrue(System.nanoTime() - before >= wait.toNanos(), "it waited the whole wait for the straggler");
        assertTrue(waiting.get(10, TimeUnit.SECONDS).ok());
        assertTrue(line.seat(0).released());
        assertFalse(line.seat(1).released());

        ProcessGuest late = guest(2);
        late.armStartGate(line.seat(2));
        CommandResult result = CompletableFuture.supplyAsync(() -> late.run(Command.of("echo", "late")), threads)
                .get(10, TimeUnit.SECONDS);
        assertEquals("late\n", result.stdout(), "a straggler is released as it arrives");
        assertTrue(line.seat(2).released());
    }

    @Test
    void aCommandThatCannotStartLeavesItsSeat() throws Exception {
        StartLine line = new StartLine(List.of(0));
        ProcessGuest guest = new ProcessGuest("broken", 0, "127.0.0.1", dir.resolve("b").toString(),
                List.of("/nonexistent/prefix"), Path.of("/"));
        guest.armStartGate(line.seat(0));
        assertThrows(org.virtbench.guest.GuestException.class, () -> guest.run(Command.of("true")));
        assertEquals(0, line.open(Duration.ofSeconds(5)), "nothing waits at the line");
    }

    @Test
    void wallClockStampsParseInEitherDecimalMark() {
        assertEquals(1_795_667_280_644_345_000L, WallClock.parseEpochSeconds("1795667280.644345"));
        assertEquals(1_795_667_280_644_345_123L, WallClock.parseEpochSeconds("1795667280,644345123"));
        assertEquals(7_000_000_000L, WallClock.parseEpochSeconds("7"));
        assertThrows(NumberFormatException.class, () -> WallClock.parseEpochSeconds("%s.%N"));
        // the offset converts a wall reading to a monotonic one between the readings around it
        WallClock.Offset offset = WallClock.offset();
        long before = System.nanoTime();
        java.time.Instant wall = java.time.Instant.now();
        long after = System.nanoTime();
        long converted = offset.toMonotonic(wall.getEpochSecond() * 1_000_000_000L + wall.getNano());
        assertTrue(offset.uncertainty() >= 0);
        assertTrue(converted >= before - offset.uncertainty() - 1_000L && converted <= after + offset.uncertainty() + 1_000L,
                "converted " + (converted - before) + " ns after the reading before it, which took " + (after - before) + " ns");
    }

    @Test
    void theStampLineIsTakenOffAndDisagreeingStampsAreNotUsed() {
        String stderr = "warning\n" + "\n" + StartWrapper.SPAN + " abc 100.4 100.5 101.25\n";
        StartWrapper.Stripped s = StartWrapper.strip(stderr, "abc");
        assertEquals("warning\n", s.stderr());
        assertEquals(100_400_000_000L, s.wallReceived().getAsLong());
        assertEquals(100_500_000_000L, s.wallStart().getAsLong());
        assertEquals(101_250_000_000L, s.wallEnd().getAsLong());
        assertEquals("no marker", StartWrapper.strip("no marker", "abc").stderr());
        assertTrue(StartWrapper.strip(stderr, "other").wallStart().isEmpty(), "another command's line is not ours");

        // a guest whose wall clock is not the host's (a VM's): the host's own readings stand in
        WallClock.Offset offset = new WallClock.Offset(0, 1000);
        StartWrapper.Span span = StartWrapper.span(s, Optional.of(offset), 1_000L, Optional.of(2_000L), 3_000L);
        assertEquals(SpanSource.GATE_HOST_READINGS, span.source());
        assertEquals(2_000L, span.startNanos());
        assertEquals(3_000L, span.endNanos());
        assertTrue(span.note().contains("not the host's kernel's"), span.note());
        // agreeing stamps are used as they are
        StartWrapper.Span agreed = StartWrapper.span(s, Optional.of(offset), 100_000_000_000L,
                Optional.of(100_390_000_000L), 101_300_000_000L);
        assertEquals(SpanSource.GATE_GUEST_STAMPS, agreed.source());
        assertEquals(100_400_000_000L, agreed.receivedNanos());
        assertEquals(100_500_000_000L, agreed.startNanos());
        assertEquals(101_250_000_000L, agreed.endNanos());
    }

    @Test
    void theCommandsProcessExistsBeforeTheReleaseAndIsOnlyExecdAfterIt() throws Exception {
        ProcessGuest guest = guest(0);
        StartLine line = new StartLine(List.of(0));
        guest.armStartGate(line.seat(0));
        Future<CommandResult> running = threads.submit(() -> guest.run(Command.of("sh", "-c", "echo $$")));
        Thread.sleep(500);
        // the wrapper waits at the gate with its command's process already forked: one child, waiting
        List<ProcessHandle> waiting = ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("virtbench-gate")).orElse(false))
                .flatMap(ProcessHandle::children).toList();
        assertEquals(1, waiting.size(), "a forked child waits at the gate: " + waiting);
        assertEquals(1, line.open(Duration.ofSeconds(10)));
        CommandResult result = running.get(10, TimeUnit.SECONDS);
        assertEquals(Long.toString(waiting.get(0).pid()), result.stdout().strip(),
                "the command ran in the process forked before the release (exec, no fork after it)");
    }
}
