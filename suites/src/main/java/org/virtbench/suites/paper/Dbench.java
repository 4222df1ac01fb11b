package org.virtbench.suites.paper;

import java.time.Duration;
import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Repeat;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Teardown;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.suites.parse.DbenchOutput;

/**
 * The paper's file-system benchmark (Figure 2, "Dbench"): {@code dbench -t 300 -D /var/tmp 100},
 * 100 simulated clients of a file server for 300 seconds, in a directory of the guest's work
 * directory. The value is dbench's own throughput (MB/s over its own run time); the host-clock
 * duration of the whole command is kept as a secondary figure.
 *
 * <p>Debian's dbench 4.0 reads its client load from {@code /usr/share/dbench/client.txt}, which is
 * also its built-in default; it is passed explicitly so a guest with another build still gets the
 * same load.
 */
@Workload(name = "dbench", unit = Unit.MB_PER_SECOND,
        description = "dbench file-server load (100 clients for 300 s in the paper), dbench's MB/s")
@Repeat(4)
@DiscardFirst
@Requires(packages = "dbench", commands = "dbench")
public class Dbench {
    @Param(value = "300s", quick = "10s", description = "how long dbench runs (-t)")
    Duration runTime;

    @Param(value = "100", quick = "4", description = "number of simulated clients")
    int clients;

    @Param(value = "/usr/share/dbench/client.txt", description = "dbench's load file in the guest (-c); Debian's")
    String loadfile;

    private String directory(Guest guest) {
        return guest.workDir() + "/dbench";
    }

    @Setup
    public void makeDirectory(Guest guest) {
        guest.run("mkdir", "-p", directory(guest)).requireSuccess();
    }

    @Measure
    public Measurement run(Guest guest) {
        CommandResult result = guest.run(Command.of("dbench", "-c", loadfile, "-t", Long.toString(runTime.toSeconds()),
                        "-D", directory(guest), Integer.toString(clients))
                .withEnv("LC_ALL", "C").withTimeout(runTime.plusMinutes(15))).requireSuccess();
        DbenchOutput out = DbenchOutput.parse(result.output());
        return Measurement.of(out.megabytesPerSecond(), Unit.MB_PER_SECOND)
                .withTimedCommand(result)
                .withSecondary("dbench.max_latency.ms", out.maxLatencyMs())
                .withSecondary("host.elapsed.s", result.elapsed().toNanos() / 1e9);
    }

    @Teardown
    public void removeDirectory(Guest guest) {
        guest.run("rm", "-rf", directory(guest));
    }
}
