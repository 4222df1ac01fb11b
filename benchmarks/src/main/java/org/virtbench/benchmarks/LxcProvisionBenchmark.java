package org.virtbench.benchmarks;

import org.virtbench.runner.backend.lxc.LxcBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.runner.image.ImageCache;
import org.virtbench.runner.image.ImageRecipe;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.transport.HostCommands;

/**
 * Prints how long the lxc backend takes to provision n guests (default 32) until every one has
 * run a command, and to tear them down, over a few rounds, from a cached image. Not a test: a
 * figure to report. Memory per guest follows the paper's Table 4, {@code min(2039, 3244 / n)} MiB.
 *
 * <pre>scripts/lxc-provision-benchmark.sh [guests] [rounds]</pre>
 */
public final class LxcProvisionBenchmark {
    private LxcProvisionBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int guests = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long memory = Math.min(2039L, 3244L / guests) << 20;
        LxcBackend backend = new LxcBackend("", ImageCache.user());
        backend.probe().whyNot().ifPresent(why -> {
            System.err.println("lxc backend unavailable: " + why);
            System.exit(2);
        });
        Path logs = Files.createTempDirectory("virtbench-lxc-bench");
        // a Ctrl-C still tears the guests down: the provisioning registers in the process's cleanup scope
        ProvisionRequest request = new ProvisionRequest(guests, memory, true, ImageRecipe.TABLE2_PACKAGES, logs);
        List<Double> ready = new ArrayList<>();
        List<Double> teardown = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            Provisioning p = backend.provision(request);
            double up = (System.nanoTime() - start) / 1e9;
            long stop = System.nanoTime();
            p.close();
            double down = (System.nanoTime() - stop) / 1e9;
            ready.add(up);
            teardown.add(down);
            System.out.printf(Locale.ROOT, "round %d: %d guests ready in %.2f s (image %s, memory limit %s B each), "
                    + "teardown %.2f s%n", round, guests, up, p.facts().get("image"), p.facts().get("memory.limit.bytes"),
                    down);
        }
        HostCommands.run("rm", "-rf", logs.toString());
        System.out.printf(Locale.ROOT, "median of %d rounds: %d guests ready in %.2f s, teardown %.2f s%n", rounds,
                guests, median(ready), median(teardown));
    }

    private static double median(List<Double> values) {
        return Statistics.median(values);
    }
}
