package org.virtbench.runner.backend.ssh;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.virtbench.backend.BackendException;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.system.RunIdentity;
import org.virtbench.runner.system.RunRecords;
import org.virtbench.runner.system.StateFolders;
import org.virtbench.runner.transport.ssh.PinnedHostKey;
import org.virtbench.runner.transport.ssh.SshEndpoint;
import org.virtbench.runner.transport.ssh.SshGuest;

/**
 * What a provisioning makes on an inventory's machines, recorded on this host before it is made,
 * so that {@code virtbench clean} (and the sweep before a run) can reach the machines of a run that
 * died without closing: a folder {@code <state>/ssh/run-*} holds an owner file (the run's
 * {@link RunIdentity}) and one {@link Remote} per work folder, each with the endpoint it was
 * reached by and the host key pinned then. A record whose owner is dead is swept: on each machine,
 * every process whose working directory lies in the work folder (the daemons a workload started
 * there) is killed and the folder deleted; the record goes once every machine is clean, and stays
 * (listed as not removed) while one cannot be reached.
 */
final class SshRuns {
    private static final String AREA = "ssh";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_LIMIT = Duration.ofSeconds(10);
    private static final Duration SWEEP_LIMIT = Duration.ofMinutes(2);

    /**
     * Kills the processes whose working directory is {@code $1} or lies in it (whole path
     * components: {@code /w/a-1} never matches {@code /w/a-10}), printing each, then deletes the
     * folder without following a symlink or leaving its file system.
     */
    static final String SWEEP_SCRIPT = String.join("\n",
            "d=$1",
            "for p in /proc/[0-9]*; do",
            "  c=$(readlink \"$p/cwd\" 2>/dev/null) || continue",
            "  case \"$c\" in \"$d\"|\"$d\"/*|\"$d (deleted)\") ;; *) continue ;; esac",
            "  n=${p#/proc/}",
            "  what=$(tr '\\0' ' ' < \"$p/cmdline\" 2>/dev/null | cut -c1-60)",
            "  kill -KILL \"$n\" 2>/dev/null && echo \"killed $n $what\"",
            "done",
            "if [ -L \"$d\" ]; then echo \"$d is a symbolic link; left alone\" >&2; exit 3; fi",
            "if [ -d \"$d\" ]; then rm -rf --one-file-system -- \"$d\" && echo removed; fi",
            "[ ! -e \"$d\" ]");

    /**
     * One work folder on one machine, and how to reach the machine again.
     *
     * @param inventory the inventory file the run read
     * @param machine   the machine's name in it
     * @param address   its address
     * @param port      its SSH port
     * @param user      the login
     * @param keyFile   the client key
     * @param hostKey   the pinned host key, as an OpenSSH public key line
     * @param workDir   the work folder made there
     */
    record Remote(String inventory, String machine, String address, int port, String user, String keyFile,
                  String hostKey, String workDir) {
        static Remote of(Path inventory, InventoryMachine m, String workDir) {
            return new Remote(inventory.toString(), m.name(), m.address(), m.port(), m.user(), m.keyFile().toString(),
                    m.hostKey().toOpenSshLine(), workDir);
        }

        SshEndpoint endpoint() {
            return new SshEndpoint(address, port, user, Path.of(keyFile), PinnedHostKey.parse(hostKey, "the record of " + workDir),
                    CONNECT_LIMIT);
        }
    }

    private SshRuns() {
    }

    /** The record of one provisioning: made at its start, deleted when it closed cleanly. */
    static final class Record {
        private final Path folder;

        private Record(Path folder) {
            this.folder = folder;
        }

        /** A new record folder owned by this process. */
        static Record create() {
            try {
                return new Record(RunRecords.create(AREA));
            } catch (IOException e) {
                throw new BackendException("cannot record this run's ssh work folders in "
                        + StateFolders.root().resolve(AREA) + ": " + e.getMessage(), e);
            }
        }

        /** Records {@code remote} before its folder is made. */
        synchronized void add(Remote remote) {
            try {
                RunRecords.write(folder, remote.machine() + ".json", JSON.writeValueAsBytes(remote));
            } catch (IOException e) {
                throw new BackendException("cannot record the work folder " + remote.workDir() + " of "
                        + remote.machine() + " in " + folder + ": " + e.getMessage(), e);
            }
        }

        /** Forgets the record: every folder it names is gone. */
        void delete() {
            RunRecords.forget(folder);
        }
    }

    /**
     * Sweeps the records of dead runs whose remotes {@code which} accepts (a run's remotes are
     * taken together, or not at all), and returns what it removed, or {@code NOT removed: why}.
     */
    static List<String> sweepDead(Predicate<Remote> which) {
        List<String> lines = new ArrayList<>();
        List<Path> runs;
        try {
            runs = RunRecords.dead(AREA);
        } catch (IOException e) {
            return List.of("NOT removed: cannot list " + StateFolders.root().resolve(AREA) + ": " + e.getMessage());
        }
        for (Path run : runs) {
            int before = lines.size();
            List<Remote> remotes = remotes(run, lines);
            if (remotes.isEmpty() || !remotes.stream().allMatch(which)) {
                if (remotes.isEmpty() && lines.size() == before) {
                    RunRecords.forget(run); // killed before it made anything remote
                }
                continue;
            }
            boolean all = true;
            for (Remote r : remotes) {
                Optional<String> failure = sweep(r, lines);
                if (failure.isPresent()) {
                    all = false;
                    lines.add("NOT removed: " + r.workDir() + " on " + r.machine() + " (" + r.address() + "): "
                            + failure.get() + "; the record " + run + " keeps it for the next clean");
                } else {
                    deleteQuietly(run.resolve(r.machine() + ".json"));
                }
            }
            if (all) {
                RunRecords.forget(run);
            }
        }
        return lines;
    }

    private static List<Remote> remotes(Path run, List<String> lines) {
        List<Remote> remotes = new ArrayList<>();
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        remotes.add(JSON.readValue(Files.readAllBytes(f), Remote.class));
                    }
                } catch (IOException | RuntimeException e) {
                    lines.add("NOT removed: the record " + f + " cannot be read (" + e.getMessage() + "); delete it by hand");
                }
            }
        } catch (IOException e) {
            lines.add("NOT removed: the record " + run + " cannot be listed: " + e.getMessage());
        }
        return remotes;
    }

    /** Cleans one remote; empty when done, else why not. */
    private static Optional<String> sweep(Remote r, List<String> lines) {
        try (SshGuest guest = new SshGuest(r.machine(), 0, "/", r.endpoint())) {
            guest.connect();
            CommandResult result = guest.run(Command.of("sh", "-c", SWEEP_SCRIPT, "sh", r.workDir()).withTimeout(SWEEP_LIMIT));
            List<String> killed = result.stdout().lines().filter(l -> l.startsWith("killed ")).map(l -> l.substring(7)).toList();
            if (!result.ok()) {
                return Optional.of(result.output().strip());
            }
            lines.add("ssh work folder " + r.workDir() + " on " + r.machine() + " (" + r.address() + ")"
                    + (killed.isEmpty() ? "" : ", processes " + String.join("; ", killed)));
            return Optional.empty();
        } catch (GuestException | IllegalArgumentException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the whole record stays, and the next clean visits this machine again: harmless
        }
    }
}
