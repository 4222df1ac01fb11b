package org.virtbench.runner.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.virtbench.backend.Backend;
import org.virtbench.backend.Probe;
import org.virtbench.runner.campaign.Backends;
import org.virtbench.runner.campaign.CampaignOptions;
import org.virtbench.runner.campaign.CampaignRunner;
import org.virtbench.runner.campaign.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code virtbench quickstart}: the newcomer's one command. Builds (or finds) the guest image,
 * probes the built-in backends, and runs the Table-2 suite with the quick profile on every one that
 * can run here, within a time budget ({@code run --budget}): the cells that fit, the others listed
 * with the command that runs each. The campaign writes the report. The {@code ./virtbench} script installs the Debian
 * packages and builds virtbench before this runs.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Builds the guest image, runs the Table-2 suite (quick profile) on every backend that can run here, writes the report.")
final class QuickstartCommand implements Callable<Integer> {
    /** The backends a fresh machine can run without an inventory or a libvirt URI, in report order. */
    static final List<String> LOCAL_BACKENDS = List.of("host", "lxc", "qemu");
    /**
     * The campaign's budget: with the packages in and the image cached, the whole quickstart (checks,
     * probes, campaign, report) ends within 10 minutes on this project's 2-core machines, the 3 minutes
     * left over for what the estimates miss.
     */
    static final String DEFAULT_BUDGET = "7m";

    private final CliEnvironment env;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/quickstart-<time>).")
    Path out;

    @Option(names = "--budget", paramLabel = "DURATION",
            description = "Time for the campaign (default: ${DEFAULT-VALUE}); cells that do not fit are listed with their commands.")
    String budget = DEFAULT_BUDGET;

    @Option(names = "--backend", split = ",", paramLabel = "ID",
            description = "Backends to try (default: host,lxc,qemu); those whose probe fails are left out, with the reason.")
    List<String> backends = new ArrayList<>(LOCAL_BACKENDS);

    QuickstartCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws IOException {
        boolean guests = backends.stream().anyMatch(id -> !id.equals("host"));
        if (guests) {
            env.err().println("virtbench quickstart: [1/2] guest image (debootstrap of the host's release, cached)");
            int built = Main.commandLine(env).execute("image", "build");
            if (built != 0) {
                env.err().println("virtbench quickstart: the guest image could not be built; guest backends will say why they cannot run");
            }
        }
        List<String> runnable = new ArrayList<>();
        for (String id : backends) {
            Optional<Backend> backend = create(id);
            Optional<String> whyNot = backend.isEmpty() ? Optional.of("no such backend; available: "
                    + Backends.names(env.providers())) : whyNot(backend.get());
            if (whyNot.isEmpty()) {
                runnable.add(id);
            } else {
                env.err().println("virtbench quickstart: leaving out " + id + ": " + whyNot.get());
            }
        }
        if (!runnable.contains("host")) {
            throw new UsageException("the host backend cannot run here, and every result is normalized against it; see 'virtbench doctor'");
        }
        Path dir = out != null ? out : env.resultsRoot().resolve(
                "quickstart-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        env.err().println("virtbench quickstart: [2/2] the Table-2 suite, quick profile, on " + String.join(", ", runnable)
                + ", in a budget of " + budget + ": the cells that fit, smallest n first; the others are listed with"
                + " the command that runs each");
        // One campaign under a time budget: the estimator keeps what fits (under software emulation a
        // quick kernel-build trial alone takes about 15 minutes here) and lists the rest, also in the report.
        CampaignOptions options = CampaignOptions.builder().backends(runnable).profile(Profile.QUICK).budget(budget)
                .output(dir).build();
        env.err().println("virtbench quickstart: " + String.join(" ", options.commandLine()));
        return new CampaignRunner(env.campaign()).run(options).exitStatus();
    }

    private Optional<Backend> create(String id) {
        int colon = id.indexOf(':');
        String name = colon < 0 ? id : id.substring(0, colon);
        return Backends.find(name, env.providers()).map(p -> p.create(colon < 0 ? "" : id.substring(colon + 1)));
    }

    private static Optional<String> whyNot(Backend backend) {
        try {
            Probe probe = backend.probe();
            return probe.whyNot();
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
