package com.example.bench;

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
import org.virtbench.guest.Measurement;

/** Compresses a file of random bytes with gzip, timed on the host's clock, in every guest. */
@Workload(name = "gzip-random", unit = Unit.SECONDS, description = "gzip -6 of a file of random bytes")
@Repeat(4)
@DiscardFirst
@Requires(packages = {"gzip", "coreutils"}, commands = {"gzip", "head"})
public class GzipWorkload {
    /** How much to compress: 64 MiB by default, 1 MiB under the quick profile. */
    @Param(value = "64", quick = "1", description = "MiB of random bytes")
    int mebibytes;

    /** Untimed: writes the input once per guest. */
    @Setup
    public void stage(Guest guest) {
        guest.run(Command.shell("head -c " + mebibytes + "M /dev/urandom > input.bin")
                .withWorkingDirectory(guest.workDir())).requireSuccess();
    }

    /** Timed: one compression, the output thrown away. */
    @Measure
    public Measurement compress(Guest guest) {
        return guest.time(Command.of("gzip", "-6", "-k", "-f", "input.bin").withWorkingDirectory(guest.workDir()),
                Unit.SECONDS);
    }
}
