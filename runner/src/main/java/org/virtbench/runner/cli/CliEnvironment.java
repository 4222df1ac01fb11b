package org.virtbench.runner.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.virtbench.backend.BackendProvider;
import org.virtbench.plan.PlanIndex;
import org.virtbench.runner.campaign.CampaignEnvironment;
import org.virtbench.runner.campaign.CampaignRunner;
import org.virtbench.runner.engine.WorkloadCatalog;

/**
 * What the commands work with: the workloads, the backend providers, and where output goes.
 * {@link #standard()} finds them on the class path; tests pass their own.
 *
 * @param catalog     the workloads, loaded when first needed
 * @param providers   every backend provider
 * @param resultsRoot where {@code run} makes its timestamped folder when {@code --out} is not given
 * @param out         results and listings
 * @param err         progress and messages
 */
public record CliEnvironment(Supplier<WorkloadCatalog> catalog, List<BackendProvider> providers, Path resultsRoot,
                             PrintStream out, PrintStream err) {
    public CliEnvironment {
        providers = List.copyOf(providers);
    }

    /** The same workloads, backends and streams, for a {@link CampaignRunner}. */
    public CampaignEnvironment campaign() {
        return new CampaignEnvironment(catalog, providers, resultsRoot, out, err);
    }

    /** Workloads from the plan index on the class path, backends from {@link ServiceLoader}. */
    public static CliEnvironment standard() {
        ClassLoader loader = Main.class.getClassLoader();
        List<BackendProvider> providers = ServiceLoader.load(BackendProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        return new CliEnvironment(() -> WorkloadCatalog.of(PlanIndex.load(loader)), providers, Path.of("results"),
                System.out, System.err);
    }
}
