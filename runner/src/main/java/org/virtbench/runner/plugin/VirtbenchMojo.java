package org.virtbench.runner.plugin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.virtbench.backend.BackendProvider;
import org.virtbench.plan.PlanIndex;
import org.virtbench.runner.cli.CliEnvironment;
import org.virtbench.runner.cli.Main;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.results.ResultsDocument;

/**
 * What the goals share: each one runs what the {@code virtbench} command it mirrors runs, in
 * Maven's JVM ({@code run} through the same {@link org.virtbench.runner.campaign.CampaignOptions}
 * and {@link org.virtbench.runner.campaign.CampaignRunner}, the others through the command line),
 * so the plugin and the CLI cannot drift apart. Workloads come
 * from the project's compile class path (its {@code target/classes} with the plan index the
 * processor wrote, and its dependencies) and from the plugin's own (the built-in suite).
 */
abstract class VirtbenchMojo extends AbstractMojo {
    /** Skips the goal. */
    @Parameter(property = "virtbench.skip", defaultValue = "false")
    boolean skip;

    /** The project's build directory; campaigns go to {@code virtbench/} in it. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    File buildDirectory;

    /** The project's compile class path: its classes and its dependencies. */
    @Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true)
    List<String> classpath;

    /** The arguments of the {@code virtbench} command line this goal runs. */
    abstract List<String> arguments() throws MojoExecutionException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("virtbench: skipped (virtbench.skip)");
            return;
        }
        List<String> args = arguments();
        getLog().info("virtbench " + String.join(" ", args));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader workloads = projectLoader()) {
            Thread.currentThread().setContextClassLoader(workloads);
            List<BackendProvider> providers = ServiceLoader.load(BackendProvider.class, getClass().getClassLoader())
                    .stream().map(ServiceLoader.Provider::get).toList();
            CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(PlanIndex.load(workloads)), providers,
                    campaignsDirectory().toPath(), System.out, System.err);
            int status = run(env, args);
            if (status != 0) {
                throw new MojoFailureException("virtbench " + args.get(0) + " exited with status " + status
                        + (status == Main.USAGE ? " (wrong usage: see the line above)" : "; see the lines above"));
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot close the project's class loader: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** Runs the goal in the project's class loader and returns its exit status: the command line's by default. */
    int run(CliEnvironment env, List<String> args) throws MojoExecutionException {
        return Main.execute(env, args.toArray(String[]::new));
    }

    /** Where campaigns go when no output directory is given: {@code target/virtbench}. */
    File campaignsDirectory() {
        return new File(buildDirectory, "virtbench");
    }

    /**
     * The project's classes and dependencies over the plugin's own: framework classes resolve to
     * the plugin's (parent first), the project's generated plans come from its {@code target/classes}.
     * Plan indexes are read from the project's class path alone: the plugin carries the built-in
     * suite, but a project runs it only when it depends on {@code virtbench-suites} itself.
     */
    private URLClassLoader projectLoader() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        for (String element : classpath == null ? List.<String>of() : classpath) {
            try {
                urls.add(new File(element).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("class path element " + element + " is not a path", e);
            }
        }
        return new ProjectClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
    }

    /** Classes parent first; the plan index only from the project's own class path. */
    static final class ProjectClassLoader extends URLClassLoader {
        ProjectClassLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.equals(PlanIndex.RESOURCE) ? findResources(name) : super.getResources(name);
        }
    }

    /** The newest campaign under {@code target/virtbench}, for the goals that read one. */
    Optional<Path> newestCampaign() {
        Path root = campaignsDirectory().toPath();
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(ResultsDocument.FILE)))
                    .max(Comparator.comparing(d -> d.resolve(ResultsDocument.FILE).toFile().lastModified()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds {@code option value} when the value is set. */
    static void option(List<String> args, String option, Object value) {
        if (value != null && !value.toString().isBlank()) {
            args.add(option);
            args.add(value.toString());
        }
    }

    /** Adds {@code option a,b,c} when the list has values. */
    static void listOption(List<String> args, String option, List<?> values) {
        if (values != null && !values.isEmpty()) {
            args.add(option);
            args.add(String.join(",", values.stream().map(String::valueOf).toList()));
        }
    }
}
