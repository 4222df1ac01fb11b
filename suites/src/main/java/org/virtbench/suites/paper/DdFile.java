package org.virtbench.suites.paper;

import java.time.Duration;
import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Level;
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
import org.virtbench.guest.GuestException;
import org.virtbench.guest.Measurement;
import org.virtbench.plan.DataSize;
import org.virtbench.suites.inputs.IsoImage;
import org.virtbench.suites.parse.DdOutput;

/**
 * The paper's first dd experiment (Figure 2, "Dd", experiment 1): copy the ISO image to another
 * file of the same file system with dd's default 512-byte blocks. {@code conv=fdatasync} makes dd
 * wait until the copy is on disk, so the time is the disk's and not the page cache's. MB/s come
 * from the bytes dd copied over the host-clock duration; dd's own rate is kept as a secondary figure.
 */
@Workload(name = "dd-file", unit = Unit.MB_PER_SECOND,
        description = "dd copy of an ISO image (433 MiB in the paper) within one file system, fdatasync'd, MB/s by the host's clock")
@Repeat(4)
@DiscardFirst
@Requires(packages = "coreutils", commands = "dd")
public class DdFile {
    @Param(value = "433MiB", quick = "64MiB", description = "size of the generated image to copy")
    DataSize size;

    @Param(value = IsoImage.GENERATED, description = "a real image on the host to copy instead of the generated one")
    String iso;

    private long imageBytes;

    private String input(Guest guest) {
        return guest.workDir() + "/dd-file/image.iso";
    }

    private String output(Guest guest) {
        return guest.workDir() + "/dd-file/out.iso";
    }

    @Setup
    public void stage(Guest guest) {
        imageBytes = IsoImage.stage(guest, iso, size, input(guest));
    }

    @Measure
    public Measurement copy(Guest guest) {
        CommandResult result = guest.run(Command.of("dd", "if=" + input(guest), "of=" + output(guest), "conv=fdatasync")
                .withEnv("LC_ALL", "C").withTimeout(Duration.ofHours(1))).requireSuccess();
        return rate(guest, result, imageBytes);
    }

    /** The paper's {@code rm} of the copy. */
    @Teardown(Level.TRIAL)
    public void removeCopy(Guest guest) {
        guest.run("rm", "-f", output(guest));
    }

    @Teardown
    public void removeInput(Guest guest) {
        guest.run("rm", "-rf", guest.workDir() + "/dd-file");
    }

    /**
     * MB/s of a finished dd: the bytes dd reports over the host-clock duration of the command, with
     * dd's own rate (its bytes over its own seconds) as the secondary figure {@code dd.rate.MB/s}.
     *
     * @throws GuestException when dd copied another number of bytes than {@code expectedBytes}
     */
    static Measurement rate(Guest guest, CommandResult result, long expectedBytes) {
        DdOutput out = DdOutput.parse(result.output());
        if (out.bytes() != expectedBytes) {
            throw new GuestException(guest.name() + ": dd copied " + out.bytes() + " bytes, expected " + expectedBytes
                    + ":\n" + result.output());
        }
        double hostSeconds = result.elapsed().toNanos() / 1e9;
        Measurement m = Measurement.of(out.bytes() / hostSeconds / 1e6, Unit.MB_PER_SECOND)
                .withTimedCommand(result)
                .withSecondary("host.elapsed.s", hostSeconds)
                .withSecondary("dd.seconds", out.seconds());
        // dd prints 0 s only for copies too short to time; a rate from it would be infinite
        return out.seconds() > 0 ? m.withSecondary("dd.rate.MB/s", out.ddMegabytesPerSecond()) : m;
    }
}
