package org.virtbench.runner.engine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.virtbench.guest.CommandFailedException;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.runner.start.ClockCheck;
import org.virtbench.runner.start.GateOpening;
import org.virtbench.runner.start.GatedGuest;
import org.virtbench.runner.start.SpanSource;
import org.virtbench.runner.start.StartLine;
import org.virtbench.runner.transport.ssh.ClockDrift;

/**
 * Runs one phase on several guests at once, one thread per guest, and enforces the phase's time
 * limit with futures: a guest past the limit is interrupted (its running command is killed by the
 * transport) and reported as timed out, while the others are unaffected. Threads are created as
 * needed rather than pooled to a fixed size, so a guest stuck past its limit never keeps another
 * guest's task waiting for a thread.
 */
final class GuestPhases implements AutoCloseable {
    private static final int RAW_LIMIT = 8_000;

    private final ExecutorService threads;

    GuestPhases(String name) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "vb-" + name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        threads = Executors.newCachedThreadPool(factory);
    }

    /**
     * A measurement with the host-clock span it was taken over.
     *
     * @param source   where the span was taken
     * @param spanNote why a gated command's own stamps were not used, or null
     * @param receivedNanos host clock when the start gate's release reached the guest; null when not gated
     *                 or without the guest's stamps
     * @param clock    the measured command's elapsed time on the guest's own clock and the host's, for a
     *                 guest with its own kernel (the drift check); null otherwise
     * @param opening  when the start gate opened in the guest; null when not gated or without its stamps
     */
    record Timed(Measurement measurement, long startNanos, long endNanos, SpanSource source, String spanNote,
                 Long receivedNanos, ClockCheck clock, GateOpening opening) {
    }

    /**
     * Runs {@code task} for each guest index concurrently and waits for all, at most {@code limit}.
     *
     * @param what names the phase in failure reasons, such as {@code setup (provisioning)}
     */
    <T> Map<Integer, PhaseOutcome<T>> onEach(List<Integer> guests, String what, Duration limit,
                                             IntFunction<String> names, IntFunction<T> task) {
        long start = System.nanoTime();
        Map<Integer, Future<T>> futures = new LinkedHashMap<>();
        for (int g : guests) {
            futures.put(g, threads.submit(() -> task.apply(g)));
        }
        return collect(futures, what, start, limit, names);
    }

    /**
     * Measures on every guest at once. Each guest's thread waits at a barrier until all are ready;
     * a guest that can be gated ({@link GatedGuest}) then starts its measured command behind the
     * start gate, and this thread opens the {@link StartLine} once every command waits there (or
     * its guest left it), releasing them all together. The span of each sample is the gated
     * command's, else the timed command's host-clock span, else the span of the measure call.
     */
    Map<Integer, PhaseOutcome<Timed>> measureTogether(List<Integer> guests, Duration limit, IntFunction<String> names,
                                                      IntFunction<Guest> guestOf, IntFunction<Measurement> task) {
        long begin = System.nanoTime();
        CyclicBarrier barrier = new CyclicBarrier(Math.max(1, guests.size()));
        StartLine line = new StartLine(guests);
        Map<Integer, Future<Timed>> futures = new LinkedHashMap<>();
        for (int g : guests) {
            Callable<Timed> call = () -> measureOne(barrier, line.seat(g), guestOf.apply(g), () -> task.apply(g));
            futures.put(g, threads.submit(call));
        }
        try {
            line.open(StartLine.arrivalLimit(limit));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // never leave a command waiting at a closed gate: release whatever waits now
            openNow(line);
        }
        return collect(futures, "measure", begin, limit, names);
    }

    private static void openNow(StartLine line) {
        boolean interrupted = Thread.interrupted();
        try {
            line.open(Duration.ZERO);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Timed measureOne(CyclicBarrier barrier, StartLine.Seat seat, Guest guest,
                                    Supplier<Measurement> task) throws Exception {
        GatedGuest gated = guest instanceof GatedGuest gg ? gg : null;
        try {
            barrier.await();
            if (gated != null) {
                gated.armStartGate(seat);
            } else {
                seat.leave();
            }
            long start = System.nanoTime();
            Measurement m = task.get();
            long end = System.nanoTime();
            Optional<CommandResult> timed = m.timedCommand();
            if (timed.isPresent() && seat.result().filter(timed.get()::equals).isPresent()) {
                return new Timed(m, timed.get().hostStartNanos(), timed.get().hostEndNanos(),
                        seat.spanSource().orElseThrow(), seat.spanNote().orElse(null), seat.receivedNanos().orElse(null),
                        seat.clock().orElse(null), seat.opening().orElse(null));
            }
            return timed.map(c -> new Timed(m, c.hostStartNanos(), c.hostEndNanos(), SpanSource.TIMED_COMMAND, null,
                            null, ClockDrift.checkOfSsh(c).orElse(null), null))
                    .orElse(new Timed(m, start, end, SpanSource.MEASURE_CALL, null, null, null, null));
        } finally {
            if (gated != null) {
                gated.disarmStartGate();
            }
            seat.leave();
        }
    }

    private <T> Map<Integer, PhaseOutcome<T>> collect(Map<Integer, Future<T>> futures, String what, long begin,
                                                      Duration limit, IntFunction<String> names) {
        long deadline = begin + limit.toNanos();
        Map<Integer, PhaseOutcome<T>> outcomes = new LinkedHashMap<>();
        List<Integer> order = new ArrayList<>(futures.keySet());
        for (int g : order) {
            Future<T> future = futures.get(g);
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                outcomes.put(g, new PhaseOutcome.Done<>(future.get(left, TimeUnit.NANOSECONDS)));
            } catch (TimeoutException e) {
                future.cancel(true);
                outcomes.put(g, new PhaseOutcome.Failed<>(what + " timed out after " + seconds(limit) + " in "
                        + names.apply(g), "", true));
            } catch (ExecutionException e) {
                outcomes.put(g, failure(what, names.apply(g), e.getCause()));
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                outcomes.put(g, new PhaseOutcome.Failed<>(what + " interrupted in " + names.apply(g), "", true));
            }
        }
        return outcomes;
    }

    private static <T> PhaseOutcome<T> failure(String what, String guest, Throwable cause) {
        if (cause instanceof BrokenBarrierException) {
            return new PhaseOutcome.Failed<>(what + " in " + guest + " was not started: another guest's thread "
                    + "left the start barrier", "", false);
        }
        String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        String firstLine = message.lines().findFirst().orElse(message);
        String raw;
        if (cause instanceof CommandFailedException failed) {
            raw = failed.result().output();
        } else {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            raw = trace.toString();
        }
        if (raw.length() > RAW_LIMIT) {
            // the line that names the file holding what the output's bound left out stays
            String end = raw.substring(raw.length() - RAW_LIMIT);
            raw = org.virtbench.runner.transport.BoundedOutput.gapLine(raw).filter(gap -> !end.contains(gap))
                    .map(gap -> gap + "\n").orElse("") + "..." + end;
        }
        return new PhaseOutcome.Failed<>(what + " failed in " + guest + ": " + firstLine, raw, false);
    }

    private static String seconds(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }

    /** Interrupts whatever is still running: a stuck guest's thread must not outlive its cell's guests. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
