package org.virtbench.runner.plugin;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** {@code mvn virtbench:report}: writes a campaign's report, as {@code virtbench report}. */
@Mojo(name = "report", defaultPhase = LifecyclePhase.NONE, requiresProject = false, threadSafe = true)
public class ReportMojo extends VirtbenchMojo {
    /** The campaign's directory or results file; by default the newest under {@code target/virtbench}. */
    @Parameter(property = "virtbench.results")
    File results;

    /** What to write: {@code html}, {@code csv}, {@code jmh}. */
    @Parameter(property = "virtbench.formats", defaultValue = "html,csv")
    List<String> formats;

    @Override
    List<String> arguments() throws MojoExecutionException {
        List<String> args = new ArrayList<>(List.of("report"));
        listOption(args, "--format", formats);
        args.add(results != null ? results.getPath() : newestCampaign().orElseThrow(() -> new MojoExecutionException(
                "no campaign under " + campaignsDirectory() + "; run mvn virtbench:run first or give "
                        + "-Dvirtbench.results=DIR")).toString());
        return args;
    }
}
