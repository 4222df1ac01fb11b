package org.virtbench.runner.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.virtbench.runner.gate.Baseline;
import org.virtbench.runner.gate.GateCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code virtbench check --baseline baseline.json DIR}: a regression gate for CI. Exit 0 when every
 * cell lies within its bounds, 1 on any violation, 2 on bad input.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks a campaign against the bounds of 'virtbench baseline write': prints FLOOR / VALUE / CEIL "
                + "per cell and exits 1 when one lies outside.")
final class CheckCommand implements Callable<Integer> {
    /** Exit status when a cell lies outside its bounds. */
    static final int VIOLATION = 1;

    private final CliEnvironment env;

    @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "The bounds, from 'virtbench baseline write'.")
    Path baseline;

    @Parameters(index = "0", paramLabel = "DIR", description = "The campaign to check: its directory or results.json.")
    Path results;

    CheckCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Baseline bounds;
        try {
            bounds = Baseline.read(baseline);
        } catch (IOException e) {
            throw new UsageException(Main.oneLine(e.getMessage()) + "; write one with 'virtbench baseline write DIR'");
        }
        GateCheck check = GateCheck.of(bounds, BaselineCommand.read(results));
        env.out().println("baseline: " + baseline + " (from " + bounds.source() + ")");
        env.out().println(check.table());
        return check.failed() ? VIOLATION : 0;
    }
}
