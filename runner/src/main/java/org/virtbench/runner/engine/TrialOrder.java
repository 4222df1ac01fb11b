package org.virtbench.runner.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * In which order a campaign runs the trials of one workload at one guest count on its backends.
 * Written as {@code --order} takes it and kept in the campaign's settings, so a resumed campaign
 * keeps it.
 */
public sealed interface TrialOrder {
    /** Every trial of a cell, then the next backend's: whatever the machine did meanwhile lands on one backend. */
    record Sequential() implements TrialOrder {
        @Override
        public String text() {
            return "sequential";
        }
    }

    /** Round after round, one trial on each backend in the order given: host, lxc, qemu, host, lxc, ... */
    record Interleaved() implements TrialOrder {
        @Override
        public String text() {
            return "interleaved";
        }
    }

    /** Round after round, one trial on each backend, the backends shuffled anew each round from a seed. */
    record Shuffled(long seed) implements TrialOrder {
        @Override
        public String text() {
            return "random:" + seed;
        }
    }

    /** The order as {@code --order} takes it. */
    String text();

    /** Whether the trials of a workload at one n alternate between backends in rounds. */
    default boolean rounds() {
        return !(this instanceof Sequential);
    }

    /**
     * The order of the cells of one group in round {@code round}: as given, or shuffled with a seed
     * drawn from this order's seed, the group and the round, so a resumed campaign draws the same.
     */
    default <T> List<T> inRound(List<T> cells, int group, int round) {
        if (!(this instanceof Shuffled shuffled)) {
            return cells;
        }
        List<T> copy = new ArrayList<>(cells);
        Collections.shuffle(copy, new Random(shuffled.seed() * 1_000_003L + group * 7_919L + round));
        return copy;
    }

    /** What a new campaign uses without {@code --order}. */
    static TrialOrder standard() {
        return new Interleaved();
    }

    /**
     * Parses {@code interleaved}, {@code sequential} or {@code random:SEED}.
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    static TrialOrder parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("interleaved")) {
            return new Interleaved();
        }
        if (t.equals("sequential")) {
            return new Sequential();
        }
        if (t.startsWith("random:")) {
            try {
                return new Shuffled(Long.parseLong(t.substring("random:".length())));
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not an order; give interleaved, sequential or "
                + "random:SEED such as random:42");
    }
}
