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
import org.virtbench.suites.parse.Bzip2Output;

/**
 * The paper's compression benchmark (Figure 2, "Bzip2"): copy the ISO image, then time
 * {@code bzip2 -9} of it. CPU-bound with little I/O; {@code -9} also asks for bzip2's largest
 * blocks and memory. {@code -v} is added so that the output proves the whole image was read.
 */
@Workload(name = "bzip2", unit = Unit.SECONDS,
        description = "bzip2 -9 of an ISO image (433 MiB in the paper), timed on the host's clock")
@Repeat(4)
@DiscardFirst
@Requires(packages = {"bzip2", "coreutils"}, commands = {"bzip2", "cp"})
public class Bzip2 {
    @Param(value = "433MiB", quick = "32MiB",
            description = "size of the generated image (the paper's ubuntu-6.06.1-server-i386.iso was 433 MiB)")
    DataSize size;

    @Param(value = IsoImage.GENERATED,
            description = "a real image on the host to compress instead of the generated one, e.g. /srv/debian.iso")
    String iso;

    private long imageBytes;

    private String input(Guest guest) {
        return guest.workDir() + "/bzip2/input.iso";
    }

    private String image(Guest guest) {
        return guest.workDir() + "/bzip2/work/image.iso";
    }

    /** Copies the image into the guest once; every trial compresses a fresh copy of it. */
    @Setup
    public void stage(Guest guest) {
        imageBytes = IsoImage.stage(guest, iso, size, input(guest));
    }

    /** The paper's {@code cp} of the image before each run, untimed. */
    @Setup(Level.TRIAL)
    public void copy(Guest guest) {
        String image = image(guest);
        guest.run("rm", "-rf", guest.workDir() + "/bzip2/work").requireSuccess();
        guest.run("mkdir", "-p", guest.workDir() + "/bzip2/work").requireSuccess();
        guest.run(Command.of("cp", input(guest), image).withTimeout(Duration.ofMinutes(30))).requireSuccess();
    }

    @Measure
    public Measurement compress(Guest guest) {
        CommandResult result = guest.run(Command.of("bzip2", "-9", "-v", image(guest))
                .withEnv("LC_ALL", "C").withTimeout(Duration.ofHours(3))).requireSuccess();
        Bzip2Output out = Bzip2Output.parse(result.output());
        if (out.bytesIn() != imageBytes) {
            throw new GuestException(guest.name() + ": bzip2 read " + out.bytesIn() + " bytes of a " + imageBytes
                    + "-byte image:\n" + result.output());
        }
        return Measurement.elapsed(result, Unit.SECONDS)
                .withSecondary("bzip2.ratio", out.ratio())
                .withSecondary("bzip2.bytes_out", out.bytesOut())
                .withSecondary("input.MB", imageBytes / 1e6);
    }

    /** The paper's {@code rm} of the compressed file. */
    @Teardown(Level.TRIAL)
    public void removeOutput(Guest guest) {
        guest.run("rm", "-rf", guest.workDir() + "/bzip2/work");
    }

    @Teardown
    public void removeInput(Guest guest) {
        guest.run("rm", "-rf", guest.workDir() + "/bzip2");
    }
}
