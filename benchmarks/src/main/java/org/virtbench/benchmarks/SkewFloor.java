package org.virtbench.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.virtbench.runner.start.GateHold;
import org.virtbench.runner.start.GateOpening;
import org.virtbench.runner.start.StartLine;
import org.virtbench.runner.start.StartWrapper;
import org.virtbench.runner.start.WallClock;

/**
 * The floor under the start gate's skew: n bare processes on the host, each the gate's own
 * wrapper around the same command, started directly (no transport, no guest, no campaign
 * engine), released together the way the {@link StartLine} releases guests (one common start
 * instant a hold ahead, written to each in turn), and measured the same way (the wrapper's wall
 * stamps of the release's arrival and of the command's start). What is left is the cost of
 * waking n processes and forking n commands on this machine's cores.
 */
final class SkewFloor {
    /**
     * One trial, in nanoseconds: how together the gate opened ({@link GateOpening#spread}), the
     * spread of the release's arrivals, of the command starts, and how many arrived after the instant.
     */
    record Trial(long releaseSkewNanos, long deliverySkewNanos, long startSkewNanos, int late) {
    }

    private SkewFloor() {
    }

    /** Runs one trial of {@code n} processes, each running {@code command} behind the wrapper. */
    static Trial trial(int n, List<String> command) throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        List<String> nonces = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
                nonces.add(nonce);
                processes.add(new ProcessBuilder(StartWrapper.wrap("/bin/bash", nonce, command))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (int i = 0; i < n; i++) {
                awaitReady(processes.get(i), nonces.get(i));
            }
            WallClock.Offset offset = WallClock.offset();
            long hold = GateHold.of(n).toNanos();
            long startInstant = System.nanoTime() + hold;
            byte[] line = StartWrapper.releaseLine(startInstant + offset.nanos(), hold + 1_000_000L)
                    .getBytes(StandardCharsets.US_ASCII);
            for (Process p : processes) {
                OutputStream in = p.getOutputStream();
                in.write(line);
                in.flush();
            }
            List<Long> received = new ArrayList<>();
            List<Long> started = new ArrayList<>();
            List<GateOpening> openings = new ArrayList<>();
            long startWall = startInstant + offset.nanos();
            // Each input stays open until its process ended, as the transports keep it: bash holds by
            // waiting for more input, and a closed input ends the hold at once (the floor measured
            // before this closed each input before reading that process: the first started on receipt).
            for (int i = 0; i < n; i++) {
                Process p = processes.get(i);
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IOException("a floor process did not end");
                }
                StartWrapper.Stripped s = StartWrapper.strip(err, nonces.get(i));
                long r = value(s.wallReceived(), err);
                received.add(r);
                started.add(value(s.wallStart(), err));
                // on the wall clock, as the wrapper held: the instant, or the arrival when later
                openings.add(new GateOpening(Math.max(r, startWall), offset.uncertainty(), r > startWall));
            }
            return new Trial(GateOpening.spread(openings), spread(received), spread(started),
                    (int) openings.stream().filter(GateOpening::late).count());
        } finally {
            for (Process p : processes) {
                try {
                    p.getOutputStream().close();
                } catch (IOException e) {
                    // the process is gone already
                }
            }
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static void awaitReady(Process p, String nonce) throws IOException {
        String ready = StartWrapper.readyLine(nonce);
        StringBuilder lineSoFar = new StringBuilder();
        int b;
        while ((b = p.getErrorStream().read()) >= 0) {
            if (b == '\n') {
                if (lineSoFar.toString().equals(ready)) {
                    return;
                }
                lineSoFar.setLength(0);
            } else {
                lineSoFar.append((char) b);
            }
        }
        throw new IOException("a floor process ended before it was ready");
    }

    private static long value(OptionalLong stamp, String err) throws IOException {
        if (stamp.isEmpty()) {
            throw new IOException("a floor process left no stamps: " + err);
        }
        return stamp.getAsLong();
    }

    private static long spread(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow()
                - values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
}
