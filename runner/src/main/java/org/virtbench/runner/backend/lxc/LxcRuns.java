package org.virtbench.runner.backend.lxc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.virtbench.runner.concurrent.Parallel;
import org.virtbench.backend.BackendException;
import org.virtbench.runner.system.Mounts;
import org.virtbench.runner.system.OwnerFile;
import org.virtbench.runner.system.StateFolders;
import org.virtbench.runner.transport.HostCommands;

/**
 * The run directories of the lxc backend, one per provisioning: {@code BASE/run-<pid>-<n>/} is
 * the private {@code lxcpath} of its containers ({@code lxc-start -P}), so no run ever sees
 * another's or the system's containers, and its {@code owner} file names the process that made
 * it. Removing a run ({@link #remove}) is the one teardown, used by a provisioning's close and by
 * {@link #sweepStale} for the runs of processes that died without closing.
 */
final class LxcRuns {
    /** On disk, not tmpfs: the guests' writes land in their overlays' upper directories here. */
    static final Path BASE = Path.of(StateFolders.ROOT, "lxc");
    private static final String OWNER = "owner";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private LxcRuns() {
    }

    /** Creates a fresh run directory owned by this process. */
    static Path create() {
        Path dir = BASE.resolve("run-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet());
        try {
            StateFolders.checkedFolder(BASE);
            StateFolders.newFolder(dir);
            OwnerFile.claim(dir.resolve(OWNER));
        } catch (IOException e) {
            throw new BackendException("cannot create the lxc run directory " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** The container names of a run: its subdirectories. */
    static List<String> containers(Path runDir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runDir, Files::isDirectory)) {
            entries.forEach(e -> names.add(e.getFileName().toString()));
        } catch (IOException e) {
            // gone already
        }
        return names;
    }

    /**
     * Removes everything of one run: kills its containers (in parallel), deletes their host-side
     * veths (normally gone with the container's network namespace), unmounts the overlays,
     * removes the cgroups LXC left and deletes the directory.
     *
     * @return what could not be removed, empty when all is gone
     */
    static List<String> remove(Path runDir, CgroupLayout layout) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(runDir)) {
            return problems;
        }
        List<String> names = containers(runDir);
        Parallel.each("lxc-stop", names, name -> LxcContainer.stop(runDir, name));
        for (String name : names) {
            if (Files.exists(Path.of("/sys/class/net", name))) {
                HostCommands.run("ip", "link", "del", name);
            }
        }
        try {
            Mounts.unmountAll(runDir);
        } catch (BackendException e) {
            problems.add(e.getMessage());
        }
        layout.removeLeftovers(names).forEach(p -> problems.add("cgroup " + p + " is still there"));
        try {
            Mounts.removeTree(runDir);
        } catch (BackendException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /**
     * Removes the runs whose owner process is gone: a campaign killed with SIGKILL, a JVM that
     * crashed. Runs of live processes, this one's included, are left alone.
     *
     * @return the problems met, as {@link #remove} reports them
     */
    static List<String> sweepStale(CgroupLayout layout) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(BASE)) {
            return problems;
        }
        for (Path run : runs()) {
            if (!alive(run)) {
                problems.addAll(remove(run, layout));
            }
        }
        return problems;
    }

    /** The runs whose owner process is gone, as {@link #sweepStale} would remove them now. */
    static List<Path> deadRuns() {
        return runs().stream().filter(r -> !alive(r)).toList();
    }

    /** True when a run other than {@code self} still belongs to a live process. */
    static boolean othersAlive(Path self) {
        return runs().stream().anyMatch(r -> !r.equals(self) && alive(r));
    }

    private static List<Path> runs() {
        List<Path> runs = new ArrayList<>();
        if (!Files.isDirectory(BASE)) {
            return runs;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(BASE,
                p -> p.getFileName().toString().startsWith("run-") && StateFolders.isOurs(p))) {
            entries.forEach(runs::add);
        } catch (IOException e) {
            // nothing to sweep
        }
        return runs;
    }

    /** Alive per the owner file or, before it is written, per the pid in the directory's name (run-PID-N). */
    private static boolean alive(Path run) {
        String[] parts = run.getFileName().toString().split("-");
        Optional<Long> pid = parts.length == 3 ? OwnerFile.pidAfterLastDash(parts[0] + "-" + parts[1]) : Optional.empty();
        return OwnerFile.folderOwnerAlive(run, OWNER, pid);
    }
}
