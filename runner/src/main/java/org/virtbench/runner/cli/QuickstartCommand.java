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
 * can run here, which also writes the report. The {@code ./virtbench} script installs the Debian
 * packages and builds virtbench before this runs.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Builds the guest image, runs the Table-2 suite (quick profile) on every backend that can run here, writes the report.")
final class QuickstartCommand implements Callable<Integer> {
    /** The backends a fresh machine can run without an inventory or a libvirt URI, in report order. */
    static final List<String> LOCAL_BACKENDS = List.of("host", "lxc", "qemu");
    private static final String KERNEL_BUILD = "kernel-build";

    private final CliEnvironment env;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/quickstart-<time>).")
    Path out;

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
        List<String> emulated = new ArrayList<>();
        for (String id : backends) {
            Optional<Backend> backend = create(id);
            Optional<String> whyNot = backend.isEmpty() ? Optional.of("no such backend; available: "
                    + Backends.names(env.providers())) : whyNot(backend.get());
            if (whyNot.isEmpty()) {
                runnable.add(id);
                if (backend.get().technology().contains("TCG")) {
                    emulated.add(id);
                }
            } else {
                env.err().println("virtbench quickstart: leaving out " + id + ": " + whyNot.get());
            }
        }
        if (!runnable.contains("host")) {
            throw new UsageException("the host backend cannot run here, and every result is normalized against it; see 'virtbench doctor'");
        }
        Path dir = out != null ? out : env.resultsRoot().resolve(
                "quickstart-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        env.err().println("virtbench quickstart: [2/2] the Table-2 suite, quick profile, on " + String.join(", ", runnable));
        CampaignOptions.Builder quick = CampaignOptions.builder().backends(runnable).profile(Profile.QUICK).output(dir);
        if (emulated.isEmpty() || !hasKernelBuild()) {
            return run(quick.build());
        }
        // Under software emulation every fork of a compiler is emulated: one quick kernel-build trial
        // took about 15 minutes here, longer than the rest of the suite together. The quickstart keeps
        // to its half hour by running kernel-build only where it is fast, and says how to run the rest.
        env.err().println("virtbench quickstart: kernel-build is left out on " + String.join(", ", emulated)
                + " (software emulation: about 15 min a trial here); run it with: ./virtbench run --backend host,"
                + String.join(",", emulated) + " --include '^kernel-build$' --profile quick");
        int suite = run(quick.exclude("^" + KERNEL_BUILD + "$").build());
        List<String> fast = runnable.stream().filter(id -> !emulated.contains(id)).toList();
        Path kernelDir = dir.resolveSibling(dir.getFileName() + "-" + KERNEL_BUILD);
        env.err().println("virtbench quickstart: kernel-build on " + String.join(", ", fast) + ", results in " + kernelDir);
        int kernel = run(CampaignOptions.builder().backends(fast).include("^" + KERNEL_BUILD + "$")
                .profile(Profile.QUICK).output(kernelDir).build());
        return Math.max(suite, kernel);
    }

    /** One campaign, its command line logged as {@code virtbench run} would take it. */
    private int run(CampaignOptions options) throws IOException {
        env.err().println("virtbench quickstart: " + String.join(" ", options.commandLine()));
        return new CampaignRunner(env.campaign()).run(options).exitStatus();
    }

    private boolean hasKernelBuild() {
        return env.catalog().get().specs().stream().anyMatch(spec -> spec.id().equals(KERNEL_BUILD));
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
