package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.Shell;
import org.virtbench.runner.start.StartLine;
import org.virtbench.runner.start.StartWrapper;
import org.virtbench.runner.start.WallClock;
import org.virtbench.runner.transport.BoundedOutput;

/**
 * A command run over SSH behind the start gate: the same wrapper ({@link StartWrapper}) as on the
 * host and in containers, started on its exec channel at once, held in the guest until the
 * {@link StartLine} opens, and timed by the guest's own stamps converted to the host's clock
 * ({@link StartWrapper#spanOwnClock}): the SSH exec, the channel and the transport's start-up are
 * not part of the span. Before it takes its seat the waiting wrapper is probed for its clock
 * ({@link #probe}), so the line can tell it the common start instant on its own clock.
 */
final class GatedExec {
    /** At most this many probes per command. */
    static final int PROBES = 5;
    /** A round trip this short ends the probing: half of it is as good as the stamps need. */
    static final long GOOD_ROUND_TRIP_NANOS = 1_000_000L;
    /**
     * The first probes of one command, before it takes its seat, wait at most this long together:
     * a guest too slow to answer is told how long to hold, as before there were probes.
     */
    static final long PROBE_BUDGET_NANOS = 2_000_000_000L;
    /**
     * The probes again when the line opens ({@link org.virtbench.runner.start.ClockProbe}), one guest
     * after another while the others wait: at most this long each, so 32 slow guests delay the
     * release by seconds at worst, not minutes.
     */
    static final long PROBE_AGAIN_BUDGET_NANOS = 250_000_000L;

    private GatedExec() {
    }

    /**
     * Probes the waiting wrapper's clock, up to {@link #PROBES} times within {@code budgetNanos},
     * stopping at a round trip under {@link #GOOD_ROUND_TRIP_NANOS}: each answer is a guest clock
     * reading bracketed by the probe's sending and the answer's arrival, and the tightest bracket
     * wins (NTP's minimum-delay filter: the round trip least delayed on its way is the one whose
     * midpoint is most likely right). Empty when no probe was answered in time.
     *
     * @param ids numbers the probes, never the same twice for one wrapper (a late answer is not taken
     *            for a later probe's)
     */
    static Optional<WallClock.Offset> probe(OutputStream gate, GateLines lines, AtomicInteger ids, long budgetNanos)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + budgetNanos;
        WallClock.Offset best = null;
        for (int i = 0; i < PROBES; i++) {
            int probe = ids.incrementAndGet();
            long sent = System.nanoTime();
            gate.write(StartWrapper.probeLine(probe).getBytes(StandardCharsets.US_ASCII));
            gate.flush();
            Optional<GateLines.Answer> answer = lines.awaitAnswer(probe, deadline - sent);
            if (answer.isEmpty()) {
                break;
            }
            WallClock.Offset offset = WallClock.bracketed(sent, answer.get().answer().wallNanos(),
                    answer.get().seenNanos());
            best = best == null ? offset : WallClock.tighter(best, offset);
            if (2 * best.uncertainty() < GOOD_ROUND_TRIP_NANOS) {
                break;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Runs {@code command} at {@code seat}.
     *
     * @param shell    {@code bash} where the guest has it, else {@code /bin/sh}
     * @param killTree kills the wrapper's process tree, given its process id
     * @param out      the command's stdout, bounded
     * @param err      its stderr, bounded (the gate's lines are taken out before)
     */
    static CommandResult run(Session session, String guest, Command command, StartLine.Seat seat, String shell,
                             LongConsumer killTree, BoundedOutput out, BoundedOutput err) {
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        String display = command.toShellString();
        // A plain argv runs as it is; environment or directory need a shell inside the guest.
        List<String> inner = command.environment().isEmpty() && command.workingDirectory().isEmpty()
                ? command.argv() : List.of("/bin/sh", "-c", display);
        String exec = GuestClock.execWithPid(Shell.join(StartWrapper.wrap(shell, nonce, inner)));
        GateLines gate = new GateLines(err, nonce);
        ExecChannel channel;
        try {
            channel = ExecChannel.openWritable(session, exec, out, gate, guest);
        } catch (GuestException e) {
            seat.leave();
            throw e;
        }
        try {
            if (gate.awaitReady(command.timeout().toNanos())) {
                AtomicInteger ids = new AtomicInteger();
                Optional<WallClock.Offset> probed = probe(channel.input(), gate, ids, PROBE_BUDGET_NANOS);
                if (probed.isPresent()) {
                    seat.ready(channel.input(), probed.get(),
                            () -> probe(channel.input(), gate, ids, PROBE_AGAIN_BUDGET_NANOS));
                } else {
                    seat.ready(channel.input(), true);
                }
            } else {
                seat.leave();
            }
            ExecChannel.Outcome outcome = channel.await(command.timeout());
            gate.finish();
            if (outcome.timedOut()) {
                seat.leave();
                GuestClock.pid(err.text()).ifPresent(killTree);
                throw new CommandTimeoutException(display, command.timeout(), out.text()
                        + GuestClock.parse(err.text()).stderr());
            }
            if (outcome.lost()) {
                throw new GuestException(guest + ": the SSH connection was lost while running " + display
                        + "; the command's outcome is unknown");
            }
            String stderr = GuestClock.parse(err.text()).stderr();
            StartWrapper.Stripped stripped = StartWrapper.strip(stderr, nonce);
            long released = seat.releasedAtNanos().orElse(channel.startNanos());
            StartWrapper.Span span = StartWrapper.spanOwnClock(stripped, released,
                    seat.releasedAtNanos().isPresent() ? gate.gotSeenNanos() : OptionalLong.empty(), seat.guestClock(),
                    gate.spanSeenNanos().orElse(outcome.endNanos()));
            OptionalLong guestElapsed = stripped.wallStart().isPresent() && stripped.wallEnd().isPresent()
                    ? OptionalLong.of(stripped.wallEnd().getAsLong() - stripped.wallStart().getAsLong())
                    : OptionalLong.empty();
            CommandResult result = new CommandResult(display, outcome.exitStatus(), out.text(),
                    stripped.stderr(), span.startNanos(), span.endNanos(), guestElapsed);
            seat.finished(result, span);
            return result;
        } catch (InterruptedException e) {
            seat.leave();
            GuestClock.pid(err.text()).ifPresent(killTree);
            Thread.currentThread().interrupt();
            throw new GuestException(guest + ": interrupted while running " + display, e);
        } catch (IOException e) {
            throw new GuestException(guest + ": cannot read the output of " + display + ": " + e.getMessage(), e);
        } finally {
            channel.close();
        }
    }
}
