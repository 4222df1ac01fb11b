package org.virtbench.annotations;

/**
 * The unit a workload reports in. Each unit carries its symbol, as printed in reports, and its
 * {@link Direction}: a time is better when lower, a throughput when higher.
 *
 * <p>Time units also carry their length in nanoseconds, so a measured {@link java.time.Duration}
 * converts to them exactly.
 */
public enum Unit {
    /** Seconds, a time. */
    SECONDS("s", Direction.LOWER_IS_BETTER, 1_000_000_000L),
    /** Milliseconds, a time. */
    MILLISECONDS("ms", Direction.LOWER_IS_BETTER, 1_000_000L),
    /** Microseconds, a time. */
    MICROSECONDS("us", Direction.LOWER_IS_BETTER, 1_000L),
    /** Megabytes (10^6 bytes) per second, a throughput. */
    MB_PER_SECOND("MB/s", Direction.HIGHER_IS_BETTER, 0),
    /** Mebibytes (2^20 bytes) per second, a throughput. */
    MIB_PER_SECOND("MiB/s", Direction.HIGHER_IS_BETTER, 0),
    /** Megabits (10^6 bits) per second, a throughput; netperf's unit. */
    MBIT_PER_SECOND("Mbit/s", Direction.HIGHER_IS_BETTER, 0),
    /** Transactions per second, a throughput; sysbench OLTP's unit. */
    TRANSACTIONS_PER_SECOND("transactions/s", Direction.HIGHER_IS_BETTER, 0),
    /** Queries per second, a throughput. */
    QUERIES_PER_SECOND("queries/s", Direction.HIGHER_IS_BETTER, 0),
    /** Operations per second, a throughput. */
    OPERATIONS_PER_SECOND("ops/s", Direction.HIGHER_IS_BETTER, 0),
    /** Requests per second, a throughput. */
    REQUESTS_PER_SECOND("requests/s", Direction.HIGHER_IS_BETTER, 0);

    private final String symbol;
    private final Direction direction;
    private final long nanosPerUnit;

    Unit(String symbol, Direction direction, long nanosPerUnit) {
        this.symbol = symbol;
        this.direction = direction;
        this.nanosPerUnit = nanosPerUnit;
    }

    /** The symbol printed after a value: {@code s}, {@code MB/s}, {@code Mbit/s}, ... */
    public String symbol() {
        return symbol;
    }

    /** Whether lower or higher values are better. */
    public Direction direction() {
        return direction;
    }

    /** True for units of time, which a {@link java.time.Duration} converts to. */
    public boolean isTime() {
        return nanosPerUnit > 0;
    }

    /**
     * Converts a number of nanoseconds to this unit.
     *
     * @throws IllegalStateException if this is not a unit of time
     */
    public double fromNanos(long nanos) {
        if (!isTime()) {
            throw new IllegalStateException(name() + " is not a unit of time");
        }
        return (double) nanos / nanosPerUnit;
    }
}
