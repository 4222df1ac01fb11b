package org.virtbench.guest;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtbench.annotations.Unit;

/**
 * One guest as a workload sees it: a place to run commands and move files, whatever the
 * technology behind it (bare metal, a container, a VM, a remote machine).
 *
 * <p>Every command is timed on the host's monotonic clock. Implementations are safe to use from
 * the one thread that runs this guest's lifecycle methods; a peer may be shared by several guests.
 */
public interface Guest {
    /** A name unique within the run, such as {@code host-0} or {@code lxc-3}. */
    String name();

    /** This guest's position among the n guests of a provisioning, from 0. */
    int index();

    /** The address other machines of the run (the peer) reach this guest at. */
    String address();

    /**
     * A directory in the guest that belongs to this guest alone for the whole provisioning,
     * already created; the place for inputs and outputs ({@code /var/tmp} in the paper).
     */
    String workDir();

    /**
     * Runs a command and waits for it. A non-zero exit is returned, not thrown; see
     * {@link CommandResult#requireSuccess()}.
     *
     * @throws CommandTimeoutException when it runs past {@link Command#timeout()}
     * @throws GuestException when the guest cannot be reached or the command cannot be started
     */
    CommandResult run(Command command);

    /** Runs {@code argv} as it is (no shell) with the default timeout. */
    default CommandResult run(String... argv) {
        return run(Command.of(argv));
    }

    /** Copies a file of the host into the guest, creating or replacing {@code guestPath}. */
    void copyIn(Path hostFile, String guestPath);

    /** Copies a file of the guest to the host. */
    void copyOut(String guestPath, Path hostFile);

    /**
     * Runs a command that must succeed and returns its host-clock duration in {@code unit}, with
     * the command's output kept as the raw record.
     *
     * @throws CommandFailedException when it exits non-zero
     */
    default Measurement time(Command command, Unit unit) {
        CommandResult result = run(command).requireSuccess();
        return Measurement.elapsed(result, unit);
    }

    /** True when {@code command} is found on the guest's PATH. */
    default boolean hasCommand(String command) {
        return run("/bin/sh", "-c", "command -v \"$1\" >/dev/null 2>&1", "sh", command).ok();
    }

    /** Kernel, CPU count and memory, read from the guest itself. */
    default GuestFacts facts() {
        String kernel = run("uname", "-r").requireSuccess().stdout().trim();
        int cpus = Integer.parseInt(run("nproc").requireSuccess().stdout().trim());
        String meminfo = run("cat", "/proc/meminfo").requireSuccess().stdout();
        Matcher m = Pattern.compile("MemTotal:\\s+(\\d+) kB").matcher(meminfo);
        long memory = m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
        return new GuestFacts(kernel, cpus, memory, Map.of());
    }
}
