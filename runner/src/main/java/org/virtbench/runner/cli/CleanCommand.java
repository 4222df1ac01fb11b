package org.virtbench.runner.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.virtbench.runner.backend.libvirt.LibvirtBackend;
import org.virtbench.runner.backend.ssh.SshInventoryBackend;
import org.virtbench.runner.campaign.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code virtbench clean}: removes what runs killed with SIGKILL (or crashed) left on this machine,
 * backend by backend, and lists it. {@code run} does the same for its backends before it starts.
 * The backends whose guests live elsewhere are cleaned from what their dead runs recorded on this
 * machine: bare {@code ssh} visits the machines of every recorded inventory, {@code ssh:FILE} those
 * of one; bare {@code libvirt} every recorded URI, {@code libvirt:URI} one.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Removes what dead virtbench runs left on this machine (processes, containers, network "
                + "devices, mounts, cgroups, work folders; the work folders and daemons on ssh inventories' machines, libvirt domains and "
                + "volumes) "
                + "and lists it; live runs are left alone.")
final class CleanCommand implements Callable<Integer> {
    /** Bare names that stand for every dead run recorded here, whatever its argument (inventory, URI). */
    private static final Map<String, Supplier<List<String>>> RECORDED = Map.of(
            "ssh", SshInventoryBackend::sweepEveryInventory, "libvirt", LibvirtBackend::sweepEveryUri);

    private static final List<String> DEFAULT = List.of("host", "lxc", "qemu", "ssh", "libvirt");

    private final CliEnvironment env;

    @Option(names = "--backend", split = ",", paramLabel = "ID",
            description = "Backends to clean up after (default: host,lxc,qemu,ssh,libvirt; bare ssh and libvirt: "
                    + "every inventory and URI a dead run recorded).")
    List<String> backends = new ArrayList<>(DEFAULT);

    CleanCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Map<String, Supplier<List<String>>> sweeps = new LinkedHashMap<>();
        List<String> created = backends.stream().filter(id -> !RECORDED.containsKey(id)).toList();
        Backends.create(created, env.providers()).forEach((id, backend) -> sweeps.put(backend.id(), backend::sweepLeftovers));
        backends.stream().filter(RECORDED::containsKey).forEach(id -> sweeps.put(id, RECORDED.get(id)));
        int removed = 0;
        int failed = 0;
        for (Map.Entry<String, Supplier<List<String>>> sweep : sweeps.entrySet()) {
            List<String> lines;
            try {
                lines = sweep.getValue().get();
            } catch (RuntimeException e) {
                env.err().println("virtbench: clean: " + sweep.getKey() + ": " + Main.oneLine(
                        String.valueOf(e.getMessage())));
                failed++;
                continue;
            }
            for (String line : lines) {
                if (line.startsWith("NOT removed")) {
                    failed++;
                } else {
                    removed++;
                }
                env.out().println(sweep.getKey() + ": " + Main.oneLine(line));
            }
        }
        env.err().println("virtbench: clean: " + removed + " leftover(s) removed" + (failed == 0 ? ""
                : ", " + failed + " could not be removed"));
        return failed == 0 ? 0 : 1;
    }
}
