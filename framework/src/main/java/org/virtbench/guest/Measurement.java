package org.virtbench.guest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.virtbench.annotations.Unit;

/**
 * One measured value with its unit, the raw output it came from, secondary figures (dd's own rate,
 * sysbench's queries/s) and, when a command was timed, the host-clock span of that command.
 * Immutable; the {@code with*} methods return modified copies.
 */
public final class Measurement {
    private final double value;
    private final Unit unit;
    private final String raw;
    private final Map<String, Double> secondary;
    private final CommandResult timedCommand;

    private Measurement(double value, Unit unit, String raw, Map<String, Double> secondary, CommandResult timedCommand) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a measurement must be a finite number, got " + value);
        }
        this.value = value;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.raw = Objects.requireNonNull(raw, "raw");
        this.secondary = Collections.unmodifiableMap(new LinkedHashMap<>(secondary));
        this.timedCommand = timedCommand;
    }

    /** A value in a unit, with no raw output. */
    public static Measurement of(double value, Unit unit) {
        return new Measurement(value, unit, "", Map.of(), null);
    }

    /** The host-clock duration of a finished command, in a time unit, its output kept as raw. */
    public static Measurement elapsed(CommandResult result, Unit unit) {
        long nanos = result.hostEndNanos() - result.hostStartNanos();
        return new Measurement(unit.fromNanos(nanos), unit, result.output(), Map.of(), result);
    }

    /** A copy that records {@code result} as the timed command and keeps its output as raw. */
    public Measurement withTimedCommand(CommandResult result) {
        return new Measurement(value, unit, result.output(), secondary, result);
    }

    /** A copy with this raw output. */
    public Measurement withRaw(String rawOutput) {
        return new Measurement(value, unit, rawOutput, secondary, timedCommand);
    }

    /** A copy with one more secondary figure, such as {@code "dd.rate.MB/s"}. */
    public Measurement withSecondary(String name, double figure) {
        Map<String, Double> more = new LinkedHashMap<>(secondary);
        more.put(name, figure);
        return new Measurement(value, unit, raw, more, timedCommand);
    }

    public double value() {
        return value;
    }

    public Unit unit() {
        return unit;
    }

    public String raw() {
        return raw;
    }

    public Map<String, Double> secondary() {
        return secondary;
    }

    /** The command whose host-clock span this value was taken from, if one was timed. */
    public Optional<CommandResult> timedCommand() {
        return Optional.ofNullable(timedCommand);
    }

    @Override
    public String toString() {
        return value + " " + unit.symbol();
    }
}
