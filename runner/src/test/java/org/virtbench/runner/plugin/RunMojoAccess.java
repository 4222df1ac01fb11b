package org.virtbench.runner.plugin;

import java.io.File;
import java.util.List;

/** Sets a {@link RunMojo}'s parameters by name, as Maven does, for tests outside this package. */
public final class RunMojoAccess {
    private final RunMojo mojo = new RunMojo();

    public RunMojoAccess(File buildDirectory) {
        mojo.buildDirectory = buildDirectory;
    }

    /** Sets the parameter field {@code name}. */
    public void set(String name, Object value) throws ReflectiveOperationException {
        RunMojo.class.getDeclaredField(name).set(mojo, value);
    }

    /** The {@code virtbench run} arguments the goal runs. */
    public List<String> arguments() throws Exception {
        List<String> args = mojo.arguments();
        return args.subList(1, args.size());
    }
}
