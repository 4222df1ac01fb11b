package org.virtbench.runner.start;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gate wrapper's protocol, spoken to the real wrapper under the real shells (bash, and dash as
 * {@code /bin/sh}): probes answered with the clock, an absolute release held until its instant, a
 * relative one held from receipt, the cap. The host shares its wall clock with these processes, so
 * every stamp can be checked against the host's own readings around it (causality, to the stamps'
 * microsecond), never against a speed.
 */
class GateProtocolTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static long wallNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private InputStream start(String shell, String nonce) throws IOException {
        process = new ProcessBuilder(StartWrapper.wrap(shell, nonce, List.of("echo", "ran"))).start();
        InputStream err = process.getErrorStream();
        assertEquals(StartWrapper.readyLine(nonce), line(err), "the wrapper says it waits at the gate");
        return err;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the wrapper closed its standard error after: " + line);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private void write(String text) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(text.getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    /** Releases with {@code line}, then returns the stamps and checks the command ran and the gate's lines were its own. */
    private StartWrapper.Stripped release(String line, String nonce) throws Exception {
        write(line);
        // standard input stays open, as the transports keep it: bash holds by waiting for more input
        String rest = new String(process.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), rest);
        assertEquals("ran\n", new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        StartWrapper.Stripped s = StartWrapper.strip(rest, nonce);
        assertTrue(s.wallStart().isPresent(), "the stamps came back: " + rest);
        assertTrue(s.wallReceived().getAsLong() <= s.wallStart().getAsLong()
                && s.wallStart().getAsLong() <= s.wallEnd().getAsLong(), rest);
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "/bin/sh"})
    void answersProbesWithItsClockThenHoldsAnAbsoluteReleaseUntilItsInstant(String shell) throws Exception {
        String nonce = "a1";
        InputStream err = start(shell, nonce);
        for (int probe = 1; probe <= 3; probe++) {
            long before = wallNow();
            write(StartWrapper.probeLine(probe));
            String answer = line(err);
            long after = wallNow();
            StartWrapper.ClockAnswer a = StartWrapper.clockAnswer(answer, nonce).orElseThrow(() ->
                    new AssertionError("not a clock answer: " + answer));
            assertEquals(probe, a.probe(), "the answer names its probe");
            assertTrue(a.wallNanos() >= before - US && a.wallNanos() <= after + US,
                    "the clock was read between the probe and its answer: " + (a.wallNanos() - before) + " ns in");
        }
        long instant = wallNow() + 300 * MS;
        StartWrapper.Stripped s = release(StartWrapper.releaseLine(instant, 2_000 * MS), nonce);
        assertTrue(s.wallReceived().getAsLong() < instant, "the release came before its instant");
        assertTrue(s.wallStart().getAsLong() >= instant - US, "held until the instant: started "
                + (instant - s.wallStart().getAsLong()) + " ns before it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "/bin/sh"})
    void aRelativeReleaseStillHoldsFromReceipt(String shell) throws Exception {
        start(shell, "b2");
        StartWrapper.Stripped s = release(StartWrapper.relativeReleaseLine(250 * MS, 2_000 * MS), "b2");
        long held = s.wallStart().getAsLong() - s.wallReceived().getAsLong();
        assertTrue(held >= 250 * MS - US, "held the 250 ms from receipt: " + held);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "/bin/sh"})
    void theCapBoundsAHoldToAnInstantFarAhead(String shell) throws Exception {
        start(shell, "c3");
        // an instant a minute ahead (a guest clock gone wrong) with a cap of 200 ms: the cap wins
        StartWrapper.Stripped s = release(StartWrapper.releaseLine(wallNow() + 60_000 * MS, 200 * MS), "c3");
        long held = s.wallStart().getAsLong() - s.wallReceived().getAsLong();
        assertTrue(held >= 200 * MS - US && held < 30_000 * MS, "held the cap, not the minute: " + held);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bash", "/bin/sh"})
    void aReleaseWhoseInstantHasPassedStartsAtOnce(String shell) throws Exception {
        start(shell, "d4");
        long instant = wallNow() - 5_000 * MS;
        StartWrapper.Stripped s = release(StartWrapper.releaseLine(instant, 2_000 * MS), "d4");
        long held = s.wallStart().getAsLong() - s.wallReceived().getAsLong();
        // late: no hold at all, where a hold of even the cap would show as 2 s
        assertTrue(held < 2_000 * MS, "a late release is not held: " + held);
    }
}
