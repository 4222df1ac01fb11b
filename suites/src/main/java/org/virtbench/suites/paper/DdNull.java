package org.virtbench.suites.paper;

import java.time.Duration;
import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Repeat;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;

/**
 * The paper's second dd experiment (Figure 2, "Dd", experiment 2):
 * {@code dd if=/dev/zero of=/dev/null count=117187560}, 60 GB in dd's default 512-byte blocks, so
 * mostly system-call cost. MB/s come from the bytes dd copied and the host's clock; in the paper two
 * technologies had no result here because the guest's clock was wrong, which host timing avoids.
 */
@Workload(name = "dd-null", unit = Unit.MB_PER_SECOND,
        description = "dd of /dev/zero to /dev/null in 512-byte blocks (60 GB in the paper), MB/s by the host's clock")
@Repeat(4)
@DiscardFirst
@Requires(packages = "coreutils", commands = "dd")
public class DdNull {
    /** dd's default block size, which the paper's command keeps. */
    static final int BLOCK = 512;

    @Param(value = "117187560", quick = "1953125",
            description = "number of 512-byte blocks (117187560 = 60 GB, the paper's; 1953125 = 1 GB)")
    long count;

    @Measure
    public Measurement copy(Guest guest) {
        CommandResult result = guest.run(Command.of("dd", "if=/dev/zero", "of=/dev/null", "count=" + count)
                .withEnv("LC_ALL", "C").withTimeout(Duration.ofHours(2))).requireSuccess();
        return DdFile.rate(guest, result, count * BLOCK);
    }
}
