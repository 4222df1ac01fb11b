package com.example.bench;

import java.time.Duration;
import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Repeat;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Command;
import org.virtbench.guest.Guest;

/** A user's own workload: how long the guest takes to sleep. */
@Workload(name = "sleepy", unit = Unit.MILLISECONDS, description = "Times sleep(1).")
@Repeat(4)
@DiscardFirst(4)
@Requires(commands = "sleep")
public class Sleepy {
    @Param(value = "1s", quick = "10ms", description = "how long to sleep")
    Duration nap;

    @Setup
    public void check(Guest guest) {
        guest.run("true").requireSuccess();
    }

    @Measure
    public Duration sleep(Guest guest) {
        return guest.run(Command.of("sleep", String.valueOf(nap.toMillis() / 1000.0))).elapsed();
    }

    /** A second workload, nested. */
    @Workload(name = "sleepy-rate", unit = Unit.OPERATIONS_PER_SECOND)
    public static class Rate {
        @Measure
        public double naps(Guest guest) {
            return 1.0 / guest.run("sleep", "0.1").elapsed().toNanos() * 1e9;
        }
    }
}
