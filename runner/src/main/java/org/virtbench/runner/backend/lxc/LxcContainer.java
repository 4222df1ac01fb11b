package org.virtbench.runner.backend.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.virtbench.runner.system.StateFolders;
import org.virtbench.backend.BackendException;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.image.GuestImage;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.ProcessGuest;

/**
 * One guest: a directory {@code <lxcpath>/<name>/} holding the LXC {@code config}, the overlay's
 * {@code upper/} and {@code work/} directories and its merged {@code rootfs/} mount point, and the
 * container started from it.
 *
 * <p>The guest runs no init system: {@code lxc-execute} starts LXC's own minimal init
 * ({@code init.lxc}, which reaps orphans as PID 1 must) with {@code sleep infinity} as its one
 * child, and every command enters through {@code lxc-attach}. Measured here with 32 guests:
 * ready in 0.4 s, against 43 s for 32 systemd boots, which would also put a whole service
 * manager's noise into every measurement.
 */
final class LxcContainer {
    /** The guest's private directory, the paper's {@code /var/tmp}. */
    static final String WORK_DIR = StateFolders.GUEST_WORK;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Path lxcpath;
    private final Path logDirectory;

    /** A container whose LXC log stays in its own directory, removed with it. */
    LxcContainer(String name, Path lxcpath) {
        this(name, lxcpath, lxcpath.resolve(name));
    }

    /**
     * @param logDirectory where its LXC log and a copy of its config are kept beyond the run
     *                     ({@code ProvisionRequest.outputDirectory}), for the cell's records
     */
    LxcContainer(String name, Path lxcpath, Path logDirectory) {
        this.name = name;
        this.lxcpath = lxcpath;
        this.logDirectory = logDirectory;
    }

    String name() {
        return name;
    }

    Path directory() {
        return lxcpath.resolve(name);
    }

    /** The merged overlay: the guest's {@code /} as the host sees it. */
    Path rootfs() {
        return directory().resolve("rootfs");
    }

    /**
     * Mounts the guest's copy-on-write root over the image, gives it an {@code /etc/hosts} that
     * names localhost and itself, and writes its config.
     *
     * @throws BackendException when the overlay cannot be mounted
     */
    void prepare(GuestImage image, LxcConfig config) {
        Path dir = directory();
        Path upper = dir.resolve("upper");
        Path work = dir.resolve("work");
        for (Path p : List.of(image.rootfs(), dir)) {
            // overlayfs splits its options at commas and lower dirs at colons
            if (p.toString().matches(".*[,:\\s].*")) {
                throw new BackendException("overlayfs cannot take a path with a comma, colon or space: " + p);
            }
        }
        try {
            Files.createDirectories(upper);
            Files.createDirectories(work);
            Files.createDirectories(rootfs());
        } catch (IOException e) {
            throw new BackendException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        HostCommands.require("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + image.rootfs() + ",upperdir=" + upper + ",workdir=" + work, rootfs().toString());
        try {
            // debootstrap leaves no /etc/hosts; without localhost, tools that look it up fail (mariadb-install-db)
            Files.createDirectories(rootfs().resolve("etc"));
            Files.writeString(rootfs().resolve("etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\t" + name
                    + "\n::1\tlocalhost ip6-localhost ip6-loopback\n");
            Files.writeString(dir.resolve("config"), config.render());
            Files.createDirectories(logDirectory);
            Files.writeString(logDirectory.resolve(name + ".config"), config.render());
        } catch (IOException e) {
            throw new BackendException("cannot write the config of " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the container in the background and waits until a command can enter it.
     *
     * @throws BackendException with the end of LXC's log when it does not start
     */
    void start() {
        Path log = logDirectory.resolve(name + ".lxc.log");
        CommandResult started = HostCommands.run(Command.of("lxc-execute", "-P", lxcpath.toString(), "-n", name, "-d",
                "-o", log.toString(), "-l", "WARN", "--", "/bin/sleep", "infinity").withTimeout(READY_TIMEOUT));
        if (!started.ok()) {
            throw new BackendException("lxc guest " + name + " did not start: " + started.output().trim()
                    + logTail(log));
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        CommandResult probe;
        do {
            probe = HostCommands.run(Command.of(attach("/bin/true")).withTimeout(READY_TIMEOUT));
            if (probe.ok()) {
                return;
            }
            if (!running()) {
                throw new BackendException("lxc guest " + name + " did not start: it stopped right after lxc-execute "
                        + "(its init could not run /bin/sleep; is the image complete? see ./virtbench image list)"
                        + logTail(log));
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new BackendException("lxc guest " + name + " started but lxc-attach cannot enter it: "
                + probe.output().trim() + logTail(log));
    }

    /** True while LXC reports the container as running (or still starting). */
    private boolean running() {
        CommandResult state = HostCommands.run("lxc-info", "-P", lxcpath.toString(), "-n", name, "-s", "-H");
        String s = state.stdout().trim();
        return state.ok() && !s.equals("STOPPED") && !s.equals("ABORTING");
    }

    /** The argv words that run a command inside the guest, with a clean environment. */
    List<String> attachPrefix() {
        return List.of("lxc-attach", "-P", lxcpath.toString(), "-n", name, "--clear-env", "-v", "HOME=/root", "--");
    }

    private String[] attach(String... argv) {
        List<String> all = new ArrayList<>(attachPrefix());
        all.addAll(List.of(argv));
        return all.toArray(String[]::new);
    }

    /** The guest as workloads see it: commands through lxc-attach, files through the overlay. */
    ProcessGuest guest(int index, String address, OptionalLong memoryLimit) {
        LxcGuest guest = new LxcGuest(name, index, address, WORK_DIR, attachPrefix(), rootfs(), memoryLimit);
        guest.useExecHelper(); // one lxc-attach per helper instead of one per command
        return guest;
    }

    /**
     * The memory limit in force, read back from the container's cgroup through {@code lxc-cgroup};
     * empty when the controller has no limit ({@code max}) or cannot be read.
     */
    OptionalLong memoryLimit(CgroupLayout layout) {
        if (layout.limitFile().isEmpty()) {
            return OptionalLong.empty();
        }
        CommandResult read = HostCommands.run("lxc-cgroup", "-P", lxcpath.toString(), "-n", name,
                layout.limitFile().get());
        try {
            return read.ok() ? OptionalLong.of(Long.parseLong(read.stdout().trim())) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // "max" on cgroup v2
        }
    }

    /**
     * How many processes the kernel killed in the container's memory cgroup for lack of memory, read
     * through {@code lxc-cgroup}; empty when it cannot be read (no memory controller, the container
     * is gone).
     */
    OptionalLong oomKills(CgroupLayout layout) {
        if (layout.oomEventsFile().isEmpty()) {
            return OptionalLong.empty();
        }
        CommandResult read = HostCommands.run("lxc-cgroup", "-P", lxcpath.toString(), "-n", name,
                layout.oomEventsFile().get());
        if (!read.ok()) {
            return OptionalLong.empty();
        }
        return read.stdout().lines().map(String::trim).filter(l -> l.startsWith("oom_kill "))
                .mapToLong(l -> Long.parseLong(l.substring("oom_kill ".length()).trim())).findFirst();
    }

    /** Kills the container if it runs; quiet when it is already stopped or was never started. */
    static void stop(Path lxcpath, String name) {
        HostCommands.run(Command.of("lxc-stop", "-P", lxcpath.toString(), "-n", name, "-k").withTimeout(STOP_TIMEOUT));
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : "\nLXC log " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for an lxc guest", e);
        }
    }
}
