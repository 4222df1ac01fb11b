package org.virtbench.runner.meta;

import java.util.Arrays;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.stats.Statistics;

/** Measures a guest's per-command overhead with {@code true}, timed by the transport itself. */
public final class TransportCalibration {
    /** Runs timed by default; 30 gives a stable median in well under a second on the host. */
    public static final int DEFAULT_RUNS = 30;
    private static final int WARMUP = 10;

    private TransportCalibration() {
    }

    /**
     * Runs {@code true} a few times untimed, then {@code runs} times timed.
     *
     * @throws GuestException when {@code true} fails in the guest
     */
    public static TransportOverhead calibrate(Guest guest, int runs) {
        Command command = Command.of("true");
        for (int i = 0; i < WARMUP; i++) {
            guest.run(command).requireSuccess();
        }
        double[] nanos = new double[runs];
        for (int i = 0; i < runs; i++) {
            CommandResult result = guest.run(command).requireSuccess();
            nanos[i] = result.hostEndNanos() - result.hostStartNanos();
        }
        double[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double median = Statistics.median(sorted);
        return new TransportOverhead(command.toString(), runs, median, Arrays.stream(nanos).average().orElse(0),
                sorted[0]);
    }
}
