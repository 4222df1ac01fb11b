package org.virtbench.suites.support;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.Shell;

/**
 * A server a workload starts in a guest or on the peer (netserver, an rsync daemon, mariadbd): run
 * in the foreground of a background shell job, its working directory inside the guest's work
 * directory (the host backend finds a run's leftovers by their working directory), its output in
 * a log file there, and its pid kept so that {@link #stop()} ends exactly this process.
 *
 * @param guest the guest it runs in
 * @param name  what it is, for messages
 * @param pid   its process id, in the guest
 * @param log   its log file, in the guest
 */
public record Daemon(Guest guest, String name, long pid, String log) {
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * Starts {@code argv} in the background and returns at once. The program must stay in the
     * foreground (netserver {@code -D}, rsync {@code --no-detach}), so the pid is the server's own.
     *
     * @param directory its working directory in the guest, created if missing
     * @throws GuestException when the shell cannot start it
     */
    public static Daemon start(Guest guest, String name, String directory, List<String> argv) {
        guest.run("mkdir", "-p", directory).requireSuccess();
        String log = directory + "/" + name + ".log";
        // The job's streams go to the log, so the guest's command returns as soon as the shell exits.
        String script = "cd " + Shell.quote(directory) + " && { " + Shell.join(argv) + " </dev/null >"
                + Shell.quote(log) + " 2>&1 & } && echo $!";
        CommandResult started = guest.run(Command.shell(script).withTimeout(Duration.ofSeconds(60))).requireSuccess();
        try {
            return new Daemon(guest, name, Long.parseLong(started.stdout().trim()), log);
        } catch (NumberFormatException e) {
            throw new GuestException(guest.name() + ": starting " + name + " printed no pid: " + started.output());
        }
    }

    /**
     * True while the process runs. A zombie counts as gone: where the guest's init does not reap
     * orphans (some containers and sandboxes), an exited daemon stays in the process table.
     */
    public boolean alive() {
        CommandResult stat = guest.run("cat", "/proc/" + pid + "/stat");
        if (!stat.ok()) {
            return false;
        }
        // pid (comm) state ...: comm may hold spaces and parentheses, so read after the last ')'
        String rest = stat.stdout().substring(stat.stdout().lastIndexOf(')') + 1).trim();
        return !rest.isEmpty() && rest.charAt(0) != 'Z' && rest.charAt(0) != 'X';
    }

    /** The daemon's log so far, for messages; empty when it cannot be read. */
    public String logText() {
        CommandResult r = guest.run("tail", "-c", "4000", log);
        return r.ok() ? r.stdout() : "";
    }

    /**
     * Waits until this daemon listens on TCP {@code port} in the guest's network namespace, read
     * from {@code /proc/net/tcp} and {@code tcp6} so that no extra tool is needed. The listening
     * socket must be one of the daemon's own open files: a leftover of an earlier run that happens
     * to hold the port is never taken for it.
     *
     * @throws GuestException when the daemon exits first or does not listen within {@code limit}
     */
    public void awaitListening(int port, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        String hexPort = String.format(Locale.ROOT, ":%04X ", port);
        while (true) {
            CommandResult tables = guest.run("cat", "/proc/net/tcp", "/proc/net/tcp6");
            java.util.Set<String> listening = new java.util.HashSet<>();
            for (String line : tables.stdout().split("\n")) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode; state 0A is LISTEN
                if (f.length > 9 && (f[1] + " ").endsWith(hexPort) && f[3].equals("0A")) {
                    listening.add("socket:[" + f[9] + "]");
                }
            }
            if (!listening.isEmpty()) {
                CommandResult fds = guest.run("/bin/sh", "-c", "for f in /proc/\"$1\"/fd/*; do readlink \"$f\"; done",
                        "fds", Long.toString(pid));
                if (fds.stdout().lines().map(String::trim).anyMatch(listening::contains)) {
                    return;
                }
            }
            awaitStep(limit, deadline, "to listen on port " + port + (listening.isEmpty() ? ""
                    : " (another process holds it: a leftover of an earlier run? 'virtbench clean' removes those)"));
        }
    }

    /**
     * Polls {@code probe} until it succeeds.
     *
     * @throws GuestException when the daemon exits first or the probe keeps failing past {@code limit}
     */
    public void awaitReady(Command probe, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!guest.run(probe).ok()) {
            awaitStep(limit, deadline, "to answer " + probe);
        }
    }

    private void awaitStep(Duration limit, long deadline, String what) {
        if (!alive()) {
            throw new GuestException(guest.name() + ": " + name + " (pid " + pid + ") exited before it was ready."
                    + " Its log " + log + ":\n" + logText());
        }
        if (System.nanoTime() > deadline) {
            throw new GuestException(guest.name() + ": " + name + " (pid " + pid + ") did not start " + what
                    + " within " + limit.toSeconds() + " s. Its log " + log + ":\n" + logText());
        }
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestException(guest.name() + ": interrupted while waiting for " + name, e);
        }
    }

    /**
     * Stops the daemon: SIGTERM, up to {@code grace} for it to exit, then SIGKILL. Quiet when it is
     * already gone, so teardown may call it whatever state setup reached.
     */
    public void stop(Duration grace) {
        String pidText = Long.toString(pid);
        guest.run("/bin/sh", "-c", "kill -TERM \"$1\" 2>/dev/null || true", "stop", pidText);
        long deadline = System.nanoTime() + grace.toNanos();
        while (alive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (alive()) {
            guest.run("/bin/sh", "-c", "kill -KILL \"$1\" 2>/dev/null || true", "stop", pidText);
        }
    }
}
