package org.virtbench.runner.plugin;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn virtbench:check}: a campaign against the bounds of {@code virtbench baseline write}, as
 * {@code virtbench check --baseline FILE DIR}; the build fails when a cell lies outside its bounds.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class CheckMojo extends VirtbenchMojo {
    /** The bounds file. */
    @Parameter(property = "virtbench.bounds", required = true)
    File bounds;

    /** The campaign to check; by default the newest under {@code target/virtbench}. */
    @Parameter(property = "virtbench.results")
    File results;

    @Override
    List<String> arguments() throws MojoExecutionException {
        List<String> args = new ArrayList<>(List.of("check", "--baseline", bounds.getPath()));
        args.add(results != null ? results.getPath() : newestCampaign().orElseThrow(() -> new MojoExecutionException(
                "no campaign under " + campaignsDirectory() + " to check; give -Dvirtbench.results=DIR")).toString());
        return args;
    }
}
