package org.virtbench.runner.selftest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.runner.stats.Statistics;

/**
 * One way of running {@code true} measured for the selftest's per-command table: the span a
 * sample would carry (the transport's start and end stamps) and the round trip the runner waits
 * (its own clock around the call), both in seconds.
 */
public final class PerCommand {
    /**
     * The figures of one way.
     *
     * @param way            what ran the commands, such as {@code lxc (exec helper)}
     * @param spanMedian     median of the stamped span, in seconds: what a sample carries
     * @param roundTripMedian median of the runner's wait for the call, in seconds
     * @param guestClockMedian median of the guest's own elapsed time, where the transport reads a
     *                       guest clock (a guest with its own kernel)
     * @param targetSeconds  the target for the span, when it has one for this way
     */
    public record Figures(String way, int runs, double spanMedian, double roundTripMedian,
                          Optional<Double> guestClockMedian, Optional<Double> targetSeconds) {
        /** Empty without a target; otherwise whether the span's median is within it. */
        public Optional<Boolean> met() {
            return targetSeconds.map(t -> spanMedian <= t);
        }
    }

    private final String way;
    private final Guest guest;
    private final Optional<Double> target;
    private final List<Double> spans = new ArrayList<>();
    private final List<Double> roundTrips = new ArrayList<>();
    private final List<Double> guestClock = new ArrayList<>();

    PerCommand(String way, Guest guest, Optional<Double> target) {
        this.way = way;
        this.guest = guest;
        this.target = target;
    }

    /** Runs {@code true} {@code runs} times, unrecorded: JIT, page cache, helpers started. */
    void warmUp(int runs) {
        for (int i = 0; i < runs; i++) {
            guest.run(Command.of("true")).requireSuccess();
        }
    }

    /** Runs {@code true} {@code runs} times and records each. */
    void measure(int runs) {
        for (int i = 0; i < runs; i++) {
            long before = System.nanoTime();
            CommandResult result = guest.run(Command.of("true")).requireSuccess();
            long after = System.nanoTime();
            spans.add((result.hostEndNanos() - result.hostStartNanos()) / 1e9);
            roundTrips.add((after - before) / 1e9);
            result.guestElapsedNanos().ifPresent(g -> guestClock.add(g / 1e9));
        }
    }

    /** The stamped spans recorded so far, in seconds. */
    List<Double> spans() {
        return spans;
    }

    Figures figures() {
        return new Figures(way, spans.size(), Statistics.median(spans), Statistics.median(roundTrips),
                guestClock.isEmpty() ? Optional.empty() : Optional.of(Statistics.median(guestClock)), target);
    }
}
