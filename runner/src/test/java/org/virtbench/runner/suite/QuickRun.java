package org.virtbench.runner.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.virtbench.annotations.Level;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.PlanIndex;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.WorkloadInstance;
import org.virtbench.runner.peer.PeerNetwork;
import org.virtbench.runner.transport.ProcessGuest;

/**
 * Runs one built-in workload for real on this host, through its generated plan, the way the host
 * backend will: a {@link ProcessGuest} with no prefix and a private work directory under /var/tmp,
 * and for a {@code @Peer} workload a {@link PeerNetwork} whose peer lives in a network namespace.
 * Every teardown runs, also after a failure, and the work directory and network are removed.
 *
 * <p>The number of trials is {@code -Dvirtbench.suite.trials} (default 2: enough to see that one
 * trial's teardown leaves the next a clean start; the workloads' own {@code @Repeat} is 4).
 */
final class QuickRun {
    private static final PlanIndex INDEX = PlanIndex.load(QuickRun.class.getClassLoader());

    /**
     * What a run produced.
     *
     * @param spec      the workload's plan spec
     * @param samples   one measurement per trial, in order
     * @param leftovers processes still running with their working directory in a work directory
     *                  after teardown (the host backend would have to kill them): should be none
     * @param elapsed   the whole run, setup and teardown included
     */
    record Result(PlanSpec spec, List<Measurement> samples, List<String> leftovers, Duration elapsed) {
    }

    private QuickRun() {
    }

    static int trials() {
        return Integer.parseInt(System.getProperty("virtbench.suite.trials", "2"));
    }

    /** Runs workload {@code id} under the quick profile, with {@code overrides} as {@code -p} values. */
    static Result run(String id, Map<String, String> overrides) {
        return run(id, overrides, "quick");
    }

    /** Runs workload {@code id} under {@code profile}, with {@code overrides} as {@code -p} values. */
    static Result run(String id, Map<String, String> overrides, String profile) {
        PlanSpec spec = INDEX.find(id).orElseThrow(() -> new AssertionError("no plan for workload " + id
                + " in the index; is virtbench-suites built with the processor?"));
        WorkloadInstance workload = INDEX.plan(spec).instantiate(ParamValues.resolve(spec, profile, overrides));
        Path root = Path.of("/var/tmp", "virtbench-test-" + UUID.randomUUID());
        long start = System.nanoTime();
        List<Measurement> samples = new ArrayList<>();
        List<String> leftovers;
        try (PeerNetwork network = spec.peer() ? PeerNetwork.create(true) : null) {
            PeerHost peer = network == null ? null : network.peer().orElseThrow();
            String address = network == null ? "127.0.0.1" : network.hostAddress();
            ProcessGuest guest = new ProcessGuest("host-0", 0, address, root.resolve("host-0").toString(), List.of(),
                    Path.of("/"));
            for (String command : spec.requires().commands()) {
                if (!guest.hasCommand(command) || (peer != null && !peer.hasCommand(command))) {
                    throw new AssertionError(id + " requires '" + command + "', which is missing; run "
                            + "scripts/install-deps.sh (" + spec.requires().installHint() + ")");
                }
            }
            try {
                if (peer != null) {
                    workload.setupPeer(Level.PROVISIONING, peer);
                }
                workload.setup(Level.PROVISIONING, guest, peer);
                for (int trial = 0; trial < trials(); trial++) {
                    try {
                        workload.setup(Level.TRIAL, guest, peer);
                        samples.add(workload.measure(guest, peer));
                    } finally {
                        workload.teardown(Level.TRIAL, guest, peer);
                    }
                }
            } finally {
                try {
                    workload.teardown(Level.PROVISIONING, guest, peer);
                } finally {
                    if (peer != null) {
                        workload.teardownPeer(Level.PROVISIONING, peer);
                    }
                }
            }
            leftovers = processesIn(root.toString());
            if (peer != null) {
                leftovers.addAll(processesIn(peer.workDir()));
            }
        } finally {
            deleteTree(root);
        }
        Result result = new Result(spec, samples, leftovers, Duration.ofNanos(System.nanoTime() - start));
        System.out.printf("[" + profile + "] %-14s %s  (%d trials, %.1f s in all)%n", id,
                samples.stream().map(m -> String.format("%.2f %s", m.value(), m.unit().symbol())).toList(),
                samples.size(), result.elapsed().toMillis() / 1000.0);
        return result;
    }

    /** Live processes whose working directory is {@code dir} or below it, as "pid command". */
    static List<String> processesIn(String dir) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String cwd = Files.readSymbolicLink(p.resolve("cwd")).toString();
                    String stat = Files.readString(p.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (!zombie && (cwd.equals(dir) || cwd.startsWith(dir + "/"))) {
                        found.add(p.getFileName() + " " + Files.readString(p.resolve("cmdline")).replace('\0', ' '));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or not ours to read
                }
            });
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return found;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a test directory under /var/tmp that outlives a failure is harmless
        }
    }
}
