package org.virtbench.runner.transport;

import java.nio.file.Path;
import java.util.List;
import org.virtbench.backend.BackendException;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;

/** The host's own administrative commands (ip, mount, lxc-*): argv only, run as local processes. */
public final class HostCommands {
    private static final ProcessGuest HOST = new ProcessGuest("host-admin", 0, "127.0.0.1", "/", List.of(), Path.of("/"));

    private HostCommands() {
    }

    /** Runs a command and returns its result whatever the exit status. */
    public static CommandResult run(String... argv) {
        return HOST.run(Command.of(argv));
    }

    /** Runs a command and returns its result whatever the exit status. */
    public static CommandResult run(Command command) {
        return HOST.run(command);
    }

    /**
     * Runs a command that must succeed.
     *
     * @throws BackendException naming the command and its output when it fails
     */
    public static CommandResult require(String... argv) {
        CommandResult result = HOST.run(Command.of(argv));
        if (!result.ok()) {
            throw new BackendException(String.join(" ", argv) + " failed with status " + result.exitCode()
                    + ": " + result.output().trim());
        }
        return result;
    }

    /** True when {@code program} is on the host's PATH. */
    public static boolean has(String program) {
        return HOST.hasCommand(program);
    }
}
