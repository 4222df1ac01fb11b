package com.example.bench;

import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Command;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;

/** A second timed {@code true}, to mix with {@link Tick}. */
@Workload(name = "tock", unit = Unit.SECONDS, description = "another timed true")
@Requires(packages = "coreutils", commands = "true")
public class Tock {
    @Measure
    public Measurement tock(Guest guest) {
        return guest.time(Command.of("true"), Unit.SECONDS);
    }
}
