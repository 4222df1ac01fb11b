package org.virtbench.runner.plugin;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn virtbench:list}: the workloads the project and its dependencies declare, as {@code virtbench list}. */
@Mojo(name = "list", defaultPhase = LifecyclePhase.NONE, requiresDependencyResolution = ResolutionScope.COMPILE,
        threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public class ListMojo extends VirtbenchMojo {
    /** Writes the list as JSON. */
    @Parameter(property = "virtbench.json", defaultValue = "false")
    boolean json;

    @Override
    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("list"));
        if (json) {
            args.add("--json");
        }
        return args;
    }
}
