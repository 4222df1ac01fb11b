package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.Session;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.Shell;
import org.virtbench.runner.start.StartLine;
import org.virtbench.runner.start.StartWrapper;
import org.virtbench.runner.transport.BoundedOutput;

/**
 * A command run over SSH behind the start gate: the same wrapper ({@link StartWrapper}) as on the
 * host and in containers, started on its exec channel at once, held in the guest until the
 * {@link StartLine} opens, and timed by the guest's own stamps converted to the host's clock
 * through the release's round trip ({@link StartWrapper#spanOwnClock}): the SSH exec, the channel
 * and the transport's start-up are not part of the span.
 */
final class GatedExec {
    private GatedExec() {
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
                seat.ready(channel.input(), true);
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
                    seat.releasedAtNanos().isPresent() ? gate.gotSeenNanos() : OptionalLong.empty(),
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
