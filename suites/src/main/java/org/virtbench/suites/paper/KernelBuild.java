package org.virtbench.suites.paper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Repeat;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.ScaleVMs;
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Teardown;
import org.virtbench.annotations.Timeout;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.suites.inputs.KernelSource;
import org.virtbench.suites.support.Outputs;

/**
 * The paper's kernel build (Figure 2, "Kernel Build"): {@code make defconfig}, then a timed
 * {@code make}, then {@code make clean} before the next trial. CPU-bound with many threads of small
 * file reads and writes, the paper's "good overall system performance indication".
 *
 * <p>The tree is Debian's linux-source, unpacked once per guest file system and never written to:
 * each guest builds out of tree into its own work directory ({@code make O=...}), so n guests on one
 * host (the scalability runs) share one tree without colliding. The quick profile builds the
 * {@code kernel/} directory of a {@code tinyconfig}: the same tree, compiler and make, in about
 * half a minute here.
 *
 * <p>At scale it runs in 1 to 32 guests at once; its aggregate is the total time of the n builds, as
 * the paper's Figure 12 plots it (on the host, the paper "simply used multiple kernel source
 * trees": here n object directories of the one tree).
 */
@Workload(name = "kernel-build", unit = Unit.SECONDS,
        description = "make of the Debian linux-source tree (defconfig, whole build in the paper), timed")
@Repeat(4)
@DiscardFirst
@ScaleVMs({1, 2, 4, 8, 16, 32})
@Requires(packages = {"linux-source", "xz-utils", "make", "gcc", "bc", "flex", "bison", "libelf-dev", "libssl-dev"},
        commands = {"make", "gcc", "tar", "xz", "flock", "bc", "flex", "bison"})
public class KernelBuild {
    @Param(value = "defconfig", quick = "tinyconfig", description = "the configuration target made in setup")
    String config;

    @Param(value = "all", quick = "kernel/",
            description = "what the timed make builds: all (the paper's plain make) or space-separated targets such as kernel/ lib/")
    String target;

    @Param(value = "1", description = "make -j; 1 is the paper's plain make")
    int jobs;

    @Param(value = KernelSource.AUTO,
            description = "the linux-source tarball in the guest; auto takes the newest /usr/src/linux-source-*.tar.*")
    String tarball;

    private String tree;

    private static String objects(Guest guest) {
        return guest.workDir() + "/kernel-build";
    }

    /**
     * {@code make -f TREE/Makefile O=OBJECTS goals...} run in the object directory rather than
     * {@code make -C TREE}: every make process then has its working directory in the guest's work
     * directory, where the host backend looks for leftovers of an interrupted run.
     */
    private Command make(Guest guest, String... goals) {
        List<String> argv = new ArrayList<>(List.of("make", "-f", tree + "/Makefile", "O=" + objects(guest)));
        argv.addAll(Arrays.asList(goals));
        return Command.of(argv).withEnv("LC_ALL", "C").withWorkingDirectory(objects(guest));
    }

    /** Unpacks the tree (once per file system) and configures this guest's object directory. */
    @Setup
    public void configure(Guest guest) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs=" + jobs + " must be at least 1");
        }
        tree = KernelSource.unpacked(guest, tarball);
        guest.run("rm", "-rf", objects(guest)).requireSuccess();
        guest.run("mkdir", "-p", objects(guest)).requireSuccess();
        guest.run(make(guest, config.trim()).withTimeout(Duration.ofMinutes(30))).requireSuccess();
    }

    @Measure
    public Measurement build(Guest guest) {
        List<String> goals = new ArrayList<>(List.of("-j" + jobs));
        goals.addAll(Arrays.asList(target.trim().split("\\s+")));
        CommandResult result = guest.run(make(guest, goals.toArray(String[]::new)).withTimeout(Duration.ofHours(6)))
                .requireSuccess();
        return Measurement.elapsed(result, Unit.SECONDS).withRaw(Outputs.abridged(result.output(), 16_000));
    }

    /**
     * The paper's {@code make clean}: the next trial builds from sources again, with the
     * configuration kept. Removing a whole build's objects took almost 2 minutes here, more than a
     * slow guest may do in the default teardown limit of 10.
     */
    @Teardown(Level.TRIAL)
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    public void clean(Guest guest) {
        if (tree != null) {
            guest.run(make(guest, "clean").withTimeout(Duration.ofMinutes(30)));
        }
    }

    @Teardown
    public void removeObjects(Guest guest) {
        guest.run("rm", "-rf", objects(guest));
    }
}
