package org.virtbench.runner.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtbench.runner.start.StartWrapper;
import org.virtbench.runner.start.WallClock;

/**
 * The clock probes {@link GatedExec} sends a waiting wrapper before its seat is taken, against
 * real processes on the host: their wall clock is the host's, so the offset the probes measure
 * must agree with the host's own ({@link WallClock#offset}) within the probes' uncertainty.
 */
class GateProbeTest {
    private Process process;
    private CompletableFuture<Void> watching;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** Starts {@code argv} with its standard error watched by a {@link GateLines}, and waits until it is ready. */
    private GateLines start(List<String> argv, String nonce, ByteArrayOutputStream passed) throws Exception {
        process = new ProcessBuilder(argv).start();
        GateLines lines = new GateLines(passed, nonce);
        watching = CompletableFuture.runAsync(() -> {
            try {
                process.getErrorStream().transferTo(lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(lines.awaitReady(30_000_000_000L), "the wrapper said it waits: " + passed);
        return lines;
    }

    private static void assertAgreesWithTheHost(WallClock.Offset probed) {
        WallClock.Offset host = WallClock.offset();
        long apart = Math.abs(probed.nanos() - host.nanos());
        assertTrue(apart <= probed.uncertainty() + host.uncertainty() + 1_000L, "the probes put the clock "
                + apart + " ns off the host's, beyond their uncertainty of " + probed.uncertainty() + " ns");
    }

    @Test
    void probesTheRealWrapperAndMeasureTheHostsOwnClock() throws Exception {
        String nonce = "e5";
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        GateLines lines = start(StartWrapper.wrap("bash", nonce, List.of("true")), nonce, passed);
        WallClock.Offset probed = GatedExec.probe(process.getOutputStream(), lines, new AtomicInteger(),
                GatedExec.PROBE_BUDGET_NANOS).orElseThrow();
        assertAgreesWithTheHost(probed);
        assertEquals("", passed.toString(), "the answers are the gate's, not the command's output");
        // the wrapper still waits for its release after the probes, and runs the command on it
        process.getOutputStream().write(StartWrapper.relativeReleaseLine(0, 0).getBytes());
        process.getOutputStream().close();
        assertEquals(0, process.waitFor());
        watching.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(passed.toString().contains(StartWrapper.SPAN + " " + nonce), passed.toString());
    }

    @Test
    void keepsTheProbeWithTheShortestRoundTrip() throws Exception {
        String nonce = "f6";
        // A stand-in for the wrapper that reads its clock on the first probe and answers 300 ms
        // later: that probe's midpoint is 150 ms off. Later probes are answered at once.
        String script = String.join("\n",
                "printf '%s %s\\n' " + StartWrapper.READY + " " + nonce + " >&2",
                "read -r q id; t=$EPOCHREALTIME; sleep 0.3",
                "printf '%s %s %s %s\\n' " + StartWrapper.CLOCK + " " + nonce + " \"$id\" \"$t\" >&2",
                "while read -r q id; do printf '%s %s %s %s\\n' " + StartWrapper.CLOCK + " " + nonce
                        + " \"$id\" \"$EPOCHREALTIME\" >&2; done");
        GateLines lines = start(List.of("bash", "-c", script), nonce, new ByteArrayOutputStream());
        WallClock.Offset probed = GatedExec.probe(process.getOutputStream(), lines, new AtomicInteger(),
                GatedExec.PROBE_BUDGET_NANOS).orElseThrow();
        assertTrue(probed.uncertainty() < 150_000_000L, "not the slow first probe: " + probed);
        assertAgreesWithTheHost(probed);
    }

    @Test
    void aWrapperThatAnswersNoProbeLeavesNoOffset() throws Exception {
        String nonce = "g7";
        String script = "printf '%s %s\\n' " + StartWrapper.READY + " " + nonce + " >&2; cat >/dev/null";
        GateLines lines = start(List.of("bash", "-c", script), nonce, new ByteArrayOutputStream());
        assertEquals(Optional.empty(), GatedExec.probe(process.getOutputStream(), lines, new AtomicInteger(),
                        GatedExec.PROBE_BUDGET_NANOS),
                "no answer within the probes' budget: the seat falls back to the relative release");
    }
}
