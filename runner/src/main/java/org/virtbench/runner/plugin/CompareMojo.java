package org.virtbench.runner.plugin;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn virtbench:compare}: a campaign against a reference, as {@code virtbench compare A B};
 * the build fails when {@code failOnRegression} is set and a cell regressed by more.
 */
@Mojo(name = "compare", defaultPhase = LifecyclePhase.NONE, requiresProject = false, threadSafe = true)
public class CompareMojo extends VirtbenchMojo {
    /** A: the reference campaign's directory or results file. */
    @Parameter(property = "virtbench.baseline", required = true)
    File baseline;

    /** B: the campaign to judge; by default the newest under {@code target/virtbench}. */
    @Parameter(property = "virtbench.results")
    File results;

    /** Fails the build when a cell is worse than A beyond noise by more than this many percent. */
    @Parameter(property = "virtbench.failOnRegression")
    Double failOnRegression;

    /** Where to write the HTML table; by default {@code compare.html} beside B. */
    @Parameter(property = "virtbench.html")
    File html;

    @Override
    List<String> arguments() throws MojoExecutionException {
        List<String> args = new ArrayList<>(List.of("compare", baseline.getPath()));
        args.add(results != null ? results.getPath() : newestCampaign().orElseThrow(() -> new MojoExecutionException(
                "no campaign under " + campaignsDirectory() + " to compare; give -Dvirtbench.results=DIR")).toString());
        option(args, "--fail-on-regression", failOnRegression);
        option(args, "--html", html == null ? null : html.getPath());
        return args;
    }
}
