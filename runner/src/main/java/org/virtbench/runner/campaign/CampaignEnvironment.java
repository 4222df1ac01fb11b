package org.virtbench.runner.campaign;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.virtbench.backend.BackendProvider;
import org.virtbench.runner.engine.WorkloadCatalog;

/**
 * Where a campaign finds its workloads and backends and writes what it says: the command line
 * passes its class path, the Maven plugin the project's, a benchmark its own plan.
 *
 * @param catalog     the workloads, loaded when first needed
 * @param providers   every backend provider
 * @param resultsRoot where a campaign without {@link CampaignOptions#output()} makes its timestamped folder
 * @param out         the summary table
 * @param err         progress and messages
 */
public record CampaignEnvironment(Supplier<WorkloadCatalog> catalog, List<BackendProvider> providers,
                                  Path resultsRoot, PrintStream out, PrintStream err) {
    public CampaignEnvironment {
        providers = List.copyOf(providers);
    }
}
