package org.virtbench.runner.transport.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.transport.BoundedOutput;

/**
 * A guest's exec helpers: one per command the guest runs at once, started on demand and kept for
 * the next command. A helper that dies is dropped (its command fails) and the next command starts
 * a fresh one. When a helper cannot be started at all, the pool says so once in the log and
 * answers empty from then on: the guest then spawns one process per command the old way.
 */
public final class ExecHelperPool implements AutoCloseable {
    /** Starts one helper for the guest. */
    @FunctionalInterface
    public interface Starter {
        ExecHelper start() throws IOException;
    }

    /**
     * One command's outcome.
     *
     * @param sameClock the helper's stamps are on this JVM's {@link System#nanoTime()} clock
     */
    public record Ran(ExecOutcome outcome, boolean sameClock) {
    }

    private static final System.Logger LOG = System.getLogger(ExecHelperPool.class.getName());

    private final String guest;
    private final String fallback;
    private final Starter starter;
    private final Deque<ExecHelper> idle = new ArrayDeque<>();
    private final List<ExecHelper> all = new ArrayList<>();
    private Optional<String> unavailable = Optional.empty();
    private boolean closed;

    /**
     * @param guest    the guest's name, for messages
     * @param fallback how the guest runs commands without a helper, for the log line
     */
    public ExecHelperPool(String guest, String fallback, Starter starter) {
        this.guest = guest;
        this.fallback = fallback;
        this.starter = starter;
    }

    /**
     * Runs a command through an idle helper, or a new one.
     *
     * @return empty when no helper can be started (logged once), or when the helper ended before it
     *         took the command (which therefore did not start): the caller runs the command itself
     * @throws HelperDiedException when the helper died while it ran the command
     */
    public Optional<Ran> exec(ExecRequest request, OutputStream stdout, OutputStream stderr)
            throws HelperDiedException {
        Optional<ExecHelper> taken = take();
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        ExecHelper helper = taken.get();
        boolean ok = false;
        try {
            ExecOutcome outcome = helper.exec(request, stdout, stderr);
            ok = true;
            return Optional.of(new Ran(outcome, helper.sameClock()));
        } catch (HelperDiedException e) {
            if (e.commandMayHaveRun() || Thread.currentThread().isInterrupted()) {
                throw e;
            }
            // Seen on a loaded machine: an SSH guest's helper gone right after its hello (its channel
            // closed without an exit status). The command never started, so the caller runs it once
            // its own way; the next command starts a new helper.
            LOG.log(System.Logger.Level.WARNING, "virtbench: guest " + guest + ": " + e.getMessage()
                    + "; running it through " + fallback + " instead");
            return Optional.empty();
        } finally {
            give(helper, ok);
        }
    }

    /**
     * Runs a guest command through a helper and makes it a result: exit status, bounded output,
     * and the helper's stamps as the span when they are on this JVM's clock, otherwise this JVM's
     * clock around the round trip.
     *
     * @param guestClock also give the helper's own elapsed time as the guest's, for the clock check
     *                   of a transport whose guest has a kernel of its own
     * @param out        the command's standard output, as the transport bounds (and spills) it
     * @param err        the command's standard error, likewise
     * @return empty when no helper can start: the caller runs the command itself
     * @throws CommandTimeoutException past the command's timeout (the helper killed its process group)
     * @throws GuestException when the program cannot be started, or the helper died meanwhile
     */
    public Optional<CommandResult> run(Command command, boolean guestClock, BoundedOutput out, BoundedOutput err) {
        long before = System.nanoTime();
        Optional<Ran> ran;
        try {
            ran = exec(ExecRequest.of(command), out, err);
        } catch (HelperDiedException e) {
            throw new GuestException(e.getMessage(), e);
        }
        long after = System.nanoTime();
        if (ran.isEmpty()) {
            return Optional.empty();
        }
        ExecOutcome outcome = ran.get().outcome();
        switch (outcome.kind()) {
            case TIMED_OUT -> throw new CommandTimeoutException(command.toString(), command.timeout(),
                    out.text() + err.text());
            case SPAWN_FAILED -> throw new GuestException(guest + ": cannot start " + command + ": "
                    + err.text().strip());
            default -> {
                // exited or ended by a signal: a result like any other
            }
        }
        boolean sameClock = ran.get().sameClock();
        return Optional.of(new CommandResult(command.toString(), outcome.exitStatus(), out.text(), err.text(),
                sameClock ? outcome.startNanos() : before, sameClock ? outcome.endNanos() : after,
                guestClock ? OptionalLong.of(outcome.elapsedNanos()) : OptionalLong.empty()));
    }

    /** Why no helper runs, once a start failed. */
    public synchronized Optional<String> unavailable() {
        return unavailable;
    }

    private Optional<ExecHelper> take() {
        synchronized (this) {
            if (closed || unavailable.isPresent()) {
                return Optional.empty();
            }
            ExecHelper helper = idle.pollFirst();
            if (helper != null) {
                return Optional.of(helper);
            }
        }
        try {
            ExecHelper started = starter.start();
            synchronized (this) {
                if (closed) {
                    started.close();
                    return Optional.empty();
                }
                all.add(started);
            }
            return Optional.of(started);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                if (unavailable.isEmpty()) {
                    unavailable = Optional.of(e.getMessage());
                    LOG.log(System.Logger.Level.WARNING, "virtbench: guest " + guest + ": the exec helper cannot start ("
                            + e.getMessage() + "); its commands now spawn one process each through " + fallback
                            + ", at a higher per-command cost");
                }
            }
            return Optional.empty();
        }
    }

    private synchronized void give(ExecHelper helper, boolean ok) {
        if (ok && helper.alive() && !closed) {
            idle.addFirst(helper); // the most recently used one: its pages are warm
        } else {
            all.remove(helper);
            helper.close();
        }
    }

    /** Ends every helper; commands after this run without one. */
    @Override
    public void close() {
        List<ExecHelper> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(all);
            all.clear();
            idle.clear();
        }
        toClose.forEach(ExecHelper::close);
    }
}
