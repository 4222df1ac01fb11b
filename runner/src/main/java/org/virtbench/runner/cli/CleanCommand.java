package org.virtbench.runner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.virtbench.backend.Backend;
import org.virtbench.runner.campaign.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code virtbench clean}: removes what runs killed with SIGKILL (or crashed) left on this machine,
 * backend by backend, and lists it. {@code run} does the same for its backends before it starts.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Removes what dead virtbench runs left on this machine (processes, containers, network "
                + "devices, mounts, cgroups, work folders) and lists it; live runs are left alone.")
final class CleanCommand implements Callable<Integer> {
    /** The backends whose guests run on this machine. */
    static final List<String> LOCAL = List.of("host", "lxc", "qemu");

    private final CliEnvironment env;

    @Option(names = "--backend", split = ",", paramLabel = "ID",
            description = "Backends to clean up after (default: host,lxc,qemu).")
    List<String> backends = new ArrayList<>(LOCAL);

    CleanCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Map<String, Backend> created = Backends.create(backends, env.providers());
        int removed = 0;
        int failed = 0;
        for (Backend backend : created.values()) {
            List<String> lines;
            try {
                lines = backend.sweepLeftovers();
            } catch (RuntimeException e) {
                env.err().println("virtbench: clean: " + backend.id() + ": " + Main.oneLine(
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
                env.out().println(backend.id() + ": " + Main.oneLine(line));
            }
        }
        env.err().println("virtbench: clean: " + removed + " leftover(s) removed" + (failed == 0 ? ""
                : ", " + failed + " could not be removed"));
        return failed == 0 ? 0 : 1;
    }
}
