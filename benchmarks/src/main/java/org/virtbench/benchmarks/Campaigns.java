package org.virtbench.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.virtbench.backend.BackendProvider;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.runner.campaign.CampaignEnvironment;
import org.virtbench.runner.campaign.CampaignOptions;
import org.virtbench.runner.campaign.CampaignRunner;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.transport.LaunchMechanism;

/** The benchmarks' campaigns: one plan through the same {@link CampaignRunner} as the CLI's {@code run}. */
final class Campaigns {
    private Campaigns() {
    }

    /**
     * Runs {@code plan} as the whole catalog; the campaign's table goes nowhere (it is not the
     * benchmark's output), its progress to {@code progress}.
     */
    static void run(ExecutionPlan plan, CampaignOptions options, Path dir, PrintStream progress) throws IOException {
        LaunchMechanism.preferVfork();
        List<BackendProvider> providers = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        CampaignEnvironment env = new CampaignEnvironment(() -> WorkloadCatalog.of(List.of(plan)), providers, dir,
                new PrintStream(OutputStream.nullOutputStream()), progress);
        new CampaignRunner(env).run(options);
    }

    /** A stream that hands each whole line written to it to {@code line}. */
    static PrintStream lines(Consumer<String> line) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    line.accept(buffer.toString(StandardCharsets.UTF_8));
                    buffer.reset();
                } else {
                    buffer.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
