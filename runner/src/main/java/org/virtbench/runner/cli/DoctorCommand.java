package org.virtbench.runner.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;
import org.virtbench.backend.Probe;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.transport.HostCommands;
import picocli.CommandLine.Command;

/**
 * {@code virtbench doctor}: whether each backend can run here, which workloads' tools are present
 * on the host, and the one {@code apt-get install} line that adds what is missing.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Checks each backend and each workload's tools on this host, and says what to install.")
final class DoctorCommand implements Callable<Integer> {
    private final CliEnvironment env;

    DoctorCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        env.out().println("Backends:");
        for (BackendProvider provider : env.providers()) {
            String line;
            try {
                Backend backend = provider.create("");
                Probe probe = backend.probe();
                line = probe.available() ? "available" : "unavailable: " + probe.reason();
            } catch (IllegalArgumentException e) {
                line = "needs an argument (--backend " + provider.name() + ":...): " + e.getMessage();
            } catch (RuntimeException e) {
                line = "probe failed: " + e.getMessage();
            }
            env.out().printf("  %-10s %s%n", provider.name(), line);
        }
        env.out().println("Workloads (tools on this host):");
        Set<String> missingPackages = new LinkedHashSet<>();
        List<PlanSpec> specs = env.catalog().get().specs();
        for (PlanSpec spec : specs) {
            List<String> missing = spec.requires().commands().stream().filter(c -> !HostCommands.has(c)).toList();
            if (missing.isEmpty()) {
                env.out().printf("  %-24s ok%n", spec.id());
            } else {
                env.out().printf("  %-24s missing %s (packages: %s)%n", spec.id(), String.join(", ", missing),
                        spec.requires().packages().isEmpty() ? "not declared" : String.join(" ",
                                spec.requires().packages()));
                missingPackages.addAll(spec.requires().packages());
            }
        }
        if (missingPackages.isEmpty()) {
            env.out().println("Nothing to install.");
        } else {
            env.out().println("To install what is missing:");
            env.out().println("  apt-get install " + String.join(" ", missingPackages));
        }
        return 0;
    }
}
