package org.virtbench.runner.start;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.virtbench.guest.CommandResult;

/**
 * The start line of one trial: the n guests' measured commands wait at it, each already started
 * in its guest and blocked in the gate wrapper ({@link StartWrapper}), until the runner opens it
 * and releases every waiting command at once.
 *
 * <p>Each guest has a {@link Seat}. A guest that can be gated ({@link GatedGuest}) takes its seat
 * with its next command: the transport starts the command behind the wrapper, waits until the
 * wrapper says it is ready, and hands the seat the wrapper's standard input ({@link Seat#ready}).
 * A guest that cannot be gated, or whose measure ends without running a command, leaves its seat
 * ({@link Seat#leave}). {@link #open} waits until every seat is taken or left, then writes one
 * line to each waiting wrapper's input, one after the other in a tight loop on the caller's
 * thread: the common start instant, {@link GateHold#of(int) a hold} ahead, until which every wrapper holds its
 * command (see {@link StartWrapper}). A command that arrives after the line opened (a straggler
 * past the wait) is released at once.
 *
 * <p>The instant is written on each guest's own wall clock: the host's for a guest on the host's
 * kernel, and for a guest with its own kernel the host's instant converted through the offset its
 * clock probes measured ({@link Seat#ready(OutputStream, WallClock.Offset)}), probed once more
 * when all are seated ({@link ClockProbe}). Only an own-clock
 * guest without such an offset is told how long to hold from receipt instead, and then the time
 * the release takes to reach it moves its start.
 */
public final class StartLine {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    private final Map<Integer, Seat> seats = new LinkedHashMap<>();
    private int pending;
    private boolean opened;
    private WallClock.Offset offset;
    private long startInstant;

    /** A line with one seat for each of these guest indexes. */
    public StartLine(List<Integer> guests) {
        for (int g : guests) {
            seats.put(g, new Seat(g));
        }
        pending = seats.size();
    }

    /**
     * @throws IllegalArgumentException when the guest has no seat at this line
     */
    public Seat seat(int guest) {
        Seat seat = seats.get(guest);
        if (seat == null) {
            throw new IllegalArgumentException("guest " + guest + " has no seat at this start line");
        }
        return seat;
    }

    /**
     * Waits until every seat is taken or left, at most {@code wait}, then releases every taken seat.
     * Later arrivals are released as they come. Safe to call once; a second call returns at once.
     *
     * @return how many seats were released by this call
     */
    public int open(Duration wait) throws InterruptedException {
        List<Seat> ready = new ArrayList<>();
        lock.lock();
        try {
            long left = wait.toNanos();
            while (pending > 0 && left > 0) {
                left = settled.awaitNanos(left);
            }
            if (opened) {
                return 0;
            }
            opened = true;
            offset = WallClock.offset();
            for (Seat s : seats.values()) {
                if (s.input != null && !s.released) {
                    ready.add(s);
                }
            }
            boolean interrupted = false;
            for (Seat s : ready) {
                interrupted = interrupted || !s.probeAgain();
            }
            long hold = GateHold.of(ready.size(), ready.stream().filter(s -> s.guestClock != null)
                    .map(s -> s.guestClock).toList()).toNanos();
            startInstant = System.nanoTime() + hold;
            // Written under the lock: a straggler that arrives now waits for the loop, then goes at once.
            for (Seat s : ready) {
                s.release(startInstant, hold + 1_000_000L);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return ready.size();
        } finally {
            lock.unlock();
        }
    }

    /** The offset between the wall clock and the host's monotonic clock, taken when the line opened. */
    public Optional<WallClock.Offset> offset() {
        lock.lock();
        try {
            return Optional.ofNullable(offset);
        } finally {
            lock.unlock();
        }
    }

    /** One guest's place at the line. */
    public final class Seat {
        private final int guest;
        private OutputStream input;
        private boolean ownClock;
        private WallClock.Offset guestClock;
        private ClockProbe again;
        private boolean absolute;
        private long instantSent;
        private long holdSent;
        private long capSent;
        private GateOpening opening;
        private ClockCheck clock;
        private boolean settledHere;
        private boolean released;
        private long releasedAtNanos;
        private CommandResult result;
        private SpanSource source;
        private String note;
        private Long receivedNanos;

        private Seat(int guest) {
            this.guest = guest;
        }

        public int guest() {
            return guest;
        }

        /**
         * The guest's command is started and waits at the gate; {@code gateInput} releases it when
         * one line is written to it. Released at once when the line is already open.
         */
        public void ready(OutputStream gateInput) {
            ready(gateInput, false);
        }

        /**
         * {@link #ready(OutputStream)} for a guest that may run its own kernel ({@code ownClock}):
         * its wall clock is not the host's, so it is told how long to hold rather than until when.
         */
        public void ready(OutputStream gateInput, boolean ownClock) {
            ready(gateInput, ownClock, null, null);
        }

        /**
         * {@link #ready(OutputStream)} for a guest with its own kernel whose wall clock was related to
         * the host's by probes ({@code guestClock}: its wall clock minus the host's monotonic clock):
         * it is told the common start instant on its own clock, and holds until it however late the
         * release reached it. The probes' round trips also size the {@link GateHold hold}.
         */
        public void ready(OutputStream gateInput, WallClock.Offset guestClock) {
            ready(gateInput, true, java.util.Objects.requireNonNull(guestClock), null);
        }

        /**
         * {@link #ready(OutputStream, WallClock.Offset)}, and {@code again} probes the guest's clock once
         * more when the line opens (see {@link ClockProbe}); the tighter offset is used.
         */
        public void ready(OutputStream gateInput, WallClock.Offset guestClock, ClockProbe again) {
            ready(gateInput, true, java.util.Objects.requireNonNull(guestClock), java.util.Objects.requireNonNull(again));
        }

        private void ready(OutputStream gateInput, boolean ownClock, WallClock.Offset guestClock, ClockProbe again) {
            lock.lock();
            try {
                input = gateInput;
                this.ownClock = ownClock;
                this.guestClock = guestClock;
                this.again = again;
                settle();
                if (opened) {
                    // a straggler: the start instant is now, so it holds not at all
                    release(System.nanoTime(), 0);
                }
            } finally {
                lock.unlock();
            }
        }

        /** The guest will not wait at the gate this trial: it cannot be gated, or its measure ended. */
        public void leave() {
            lock.lock();
            try {
                settle();
            } finally {
                lock.unlock();
            }
        }

        /** True once the gate of this seat was opened. */
        public boolean released() {
            lock.lock();
            try {
                return released;
            } finally {
                lock.unlock();
            }
        }

        /** The host's monotonic clock when this seat's gate was written to; empty when not released. */
        public Optional<Long> releasedAtNanos() {
            lock.lock();
            try {
                return released ? Optional.of(releasedAtNanos) : Optional.empty();
            } finally {
                lock.unlock();
            }
        }

        /** The offset between this guest's own wall clock and the host's monotonic clock that its probes measured, if any. */
        public Optional<WallClock.Offset> guestClock() {
            lock.lock();
            try {
                return Optional.ofNullable(guestClock);
            } finally {
                lock.unlock();
            }
        }

        /** The offset of the line, for the transport to convert the wrapper's wall-clock stamps. */
        public Optional<WallClock.Offset> offset() {
            return StartLine.this.offset();
        }

        /**
         * Records the gated command's result and its span: where it came from, why the guest's own
         * stamps were not used (if so), when the release reached the guest, both clocks' elapsed times.
         */
        public void finished(CommandResult gated, StartWrapper.Span span) {
            lock.lock();
            try {
                result = gated;
                source = span.source();
                note = span.note();
                receivedNanos = span.receivedNanos();
                clock = span.clock();
                opening = released && receivedNanos != null ? openingAt(receivedNanos) : null;
            } finally {
                lock.unlock();
            }
        }

        /** The gated command's elapsed time on the guest's own clock and the host's, for a guest with its own kernel. */
        public Optional<ClockCheck> clock() {
            lock.lock();
            try {
                return Optional.ofNullable(clock);
            } finally {
                lock.unlock();
            }
        }

        /** The result of the command that waited at this seat, when one did and finished. */
        public Optional<CommandResult> result() {
            lock.lock();
            try {
                return Optional.ofNullable(result);
            } finally {
                lock.unlock();
            }
        }

        /** Where the gated command's span was taken; empty when no command was gated. */
        public Optional<SpanSource> spanSource() {
            lock.lock();
            try {
                return Optional.ofNullable(source);
            } finally {
                lock.unlock();
            }
        }

        /** Why the guest's own stamps were not used for the span, when they were there but disagreed. */
        public Optional<String> spanNote() {
            lock.lock();
            try {
                return Optional.ofNullable(note);
            } finally {
                lock.unlock();
            }
        }

        /** Host clock when the release reached the guest, from the guest's own stamp. */
        public Optional<Long> receivedNanos() {
            lock.lock();
            try {
                return Optional.ofNullable(receivedNanos);
            } finally {
                lock.unlock();
            }
        }

        /**
         * When the gate opened in this guest, from when the release reached it: the common start
         * instant (or, late, the arrival; the wrapper's cap bounds either), or the arrival plus the
         * hold it was told. Empty when it was not released or left no stamps.
         */
        public Optional<GateOpening> opening() {
            lock.lock();
            try {
                return Optional.ofNullable(opening);
            } finally {
                lock.unlock();
            }
        }

        private GateOpening openingAt(long received) {
            if (!absolute) {
                long u = clock == null ? 0 : clock.uncertaintyNanos() / 2;
                return new GateOpening(received + Math.min(holdSent, capSent), u, false);
            }
            long u = guestClock != null ? guestClock.uncertainty() : offset.uncertainty();
            return new GateOpening(Math.min(Math.max(received, instantSent), received + capSent), u,
                    received > instantSent);
        }

        /**
         * Probes this own-clock guest's clock once more, keeping the tighter offset; called with the
         * lock held, before the release. A probe that fails keeps the earlier offset.
         *
         * @return false when interrupted: the caller stops probing, releases all, and keeps the interrupt
         */
        private boolean probeAgain() {
            if (again == null || guestClock == null) {
                return true;
            }
            try {
                again.probe().ifPresent(o -> guestClock = WallClock.tighter(guestClock, o));
            } catch (IOException e) {
                // the guest is gone: its release fails too, and its command reports it
            } catch (InterruptedException e) {
                return false;
            }
            return true;
        }

        private void settle() {
            if (!settledHere) {
                settledHere = true;
                pending--;
                settled.signalAll();
            }
        }

        /**
         * Writes the release line; called with the lock held. The input stays open: the wrapper holds
         * by waiting for more input until the start instant, and the transport closes it when the
         * command has ended.
         */
        private void release(long startInstantNanos, long capNanos) {
            releasedAtNanos = System.nanoTime();
            released = true;
            absolute = !ownClock || guestClock != null;
            instantSent = startInstantNanos;
            holdSent = Math.max(0, startInstantNanos - releasedAtNanos);
            // an own clock is known to its probes' uncertainty: the cap allows for it either way
            capSent = guestClock == null ? capNanos : capNanos + 2 * guestClock.uncertainty();
            String line = !absolute ? StartWrapper.relativeReleaseLine(holdSent, capSent)
                    : StartWrapper.releaseLine(startInstantNanos + (ownClock ? guestClock : offset).nanos(), capSent);
            try {
                input.write(line.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                input.flush();
            } catch (IOException e) {
                // the wrapper is gone (its guest died): its command reports the failure
            }
        }
    }

    /** Waits at most this long for the seats: a guest that never arrives must not hold the others forever. */
    public static Duration arrivalLimit(Duration measureLimit) {
        Duration cap = Duration.ofMinutes(2);
        return measureLimit.compareTo(cap) < 0 ? measureLimit : cap;
    }
}
