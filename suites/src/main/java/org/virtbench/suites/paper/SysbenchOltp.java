package org.virtbench.suites.paper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Repeat;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.ScaleVMs;
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Teardown;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.Shell;
import org.virtbench.suites.parse.SysbenchOutput;
import org.virtbench.suites.support.Daemon;

/**
 * The paper's database benchmark (Figure 2, "SysBench"): sysbench's OLTP test against a MySQL
 * server in the guest, 10,000 transactions (sysbench 0.4's default) on one table of 10,000 rows
 * from one thread. sysbench 1.0 calls it {@code oltp_read_write} and counts {@code --events}.
 *
 * <p>Each guest starts a MariaDB server of its own in setup, never the system's: data directory and
 * socket in its work directory, TCP port {@code mysqlPort + guest index} on 127.0.0.1, no option
 * files read. So n instances on one host (the scalability runs, and the paper's closing experiment
 * of one mysqld per instance) do not collide. The table is dropped and prepared again before every
 * trial, so every trial starts from the same data.
 *
 * <p>At scale it runs in 1 to 32 guests at once (Figure 10). On the host its n instances come in
 * the two variants of Figure 11, {@code -p sysbench.database=separate|shared}: {@code separate}
 * (the default) as above, each instance with a server of its own; {@code shared}, every instance
 * against one server and one table, guest 0's, which guest 0 starts, and prepares before each
 * trial while the others wait for it. A shared server is reached through a socket in a folder beside
 * the guests' work folders, named after its port, so {@code shared} needs guests that share a file system, as
 * the host backend's instances do; in guests of their own it fails, saying so.
 *
 * <p>The value is transactions over the host-clock duration of {@code sysbench run} (which includes
 * its start, a few tens of milliseconds); sysbench's own rates, on the guest's clock, and the 95th
 * percentile latency are secondary figures.
 */
@Workload(name = "sysbench-oltp", unit = Unit.TRANSACTIONS_PER_SECOND,
        description = "sysbench oltp_read_write against a private MariaDB server (10,000 transactions in the paper, 5 s in quick), transactions/s")
@Repeat(4)
@DiscardFirst
@ScaleVMs({1, 2, 4, 8, 16, 32})
@Requires(packages = {"sysbench", "mariadb-server", "mariadb-client"},
        commands = {"sysbench", "mariadbd", "mariadb-install-db", "mariadb-admin", "mariadb"})
public class SysbenchOltp {
    /** Unix socket paths are limited to 108 bytes; beyond this length the socket goes beside the guests' work folders. */
    static final int SOCKET_PATH_MAX = 100;
    /** How long a guest waits for guest 0's shared server, and for its table before each trial. */
    static final Duration SHARED_WAIT = Duration.ofMinutes(5);

    /** Where the n instances' data lives (Figure 11). */
    public enum Database {
        /** Each instance its own server: the paper's guests, and its 32 mysqld servers on the host. */
        SEPARATE,
        /** One server and one table for all: the paper's host instances "accessing the same database". */
        SHARED
    }

    @Param(value = "10000", quick = "0", description = "transactions per trial (--events); 0: as many as fit in sysbench.time")
    int events;

    /**
     * The quick profile bounds each trial in wall time rather than in transactions: a fixed count
     * takes longer the more guests share the host (1,000 transactions in 32 guests took about 80 s a
     * trial on two cores, in 2 guests under TCG about 35 s), a fixed time does not.
     */
    @Param(name = "sysbench.time", value = "0", quick = "5",
            description = "seconds per trial (--time); 0 (the paper's way): run the events count to its end")
    int time;

    @Param(value = "10000", description = "rows of the table (--table-size); sysbench 0.4's default")
    int tableSize;

    @Param(value = "1", description = "client threads (--threads); sysbench 0.4's default")
    int threads;

    @Param(value = "13306", description = "TCP port of guest 0's server; guest i uses this plus i")
    int mysqlPort;

    @Param(name = "sysbench.database", value = "separate",
            description = "separate: each guest its own MariaDB server; shared: all guests against guest 0's server "
                    + "and table (Figure 11's host variants; needs guests on one file system, as the host's)")
    Database database;

    private String socket;
    private Daemon server;
    private int trial = -1;

    private static String base(Guest guest) {
        return guest.workDir() + "/mysql";
    }

    /**
     * Creates a data directory, starts mariadbd on it and creates the {@code sbtest} database; with a
     * shared database only guest 0 does, and the others wait for its server.
     */
    @Setup
    public void startServer(Guest guest) {
        if (events <= 0 && time <= 0) {
            throw new IllegalArgumentException("sysbench-oltp needs a bound: give -p events=N or -p sysbench.time=SECONDS");
        }
        if (database == Database.SHARED) {
            socket = sharedDirectory(guest) + "/my.sock";
            if (guest.index() > 0) {
                awaitShared(guest, "test -S " + Shell.quote(socket) + " && " + Shell.join(admin("ping").argv()),
                        "guest 0's shared MariaDB server at " + socket);
                return;
            }
            guest.run("rm", "-rf", sharedDirectory(guest)).requireSuccess();
            // the server (as the mysql user) writes its socket here, every guest its trial marks
            guest.run("mkdir", "-p", "-m", "1777", sharedDirectory(guest)).requireSuccess();
            try {
                startOwnServer(guest);
            } catch (RuntimeException e) {
                guest.run("touch", sharedDirectory(guest) + "/failed"); // the others need not wait it out
                throw e;
            }
        } else {
            startOwnServer(guest);
        }
    }

    private void startOwnServer(Guest guest) {
        String base = base(guest);
        String datadir = base + "/data";
        if (database == Database.SEPARATE) {
            socket = base + "/mysqld.sock";
        } // shared: the server's files stay in guest 0's work directory, its socket where every guest finds it
        String socketDir = null;
        if (socket.length() > SOCKET_PATH_MAX && database == Database.SEPARATE) {
            // a folder of its own beside the work folders: their parent is root's and private, the server's user
            // could not create a socket there
            socketDir = besideWorkDir(guest, "my-" + guest.index());
            socket = socketDir + "/my.sock";
        }
        if (socket.length() > SOCKET_PATH_MAX) {
            throw new GuestException(guest.name() + ": the MariaDB socket path " + socket + " is longer than "
                    + SOCKET_PATH_MAX + " characters; give the guests a shorter work folder");
        }
        int port = mysqlPort + guest.index();
        guest.run("rm", "-rf", base).requireSuccess();
        // a temporary directory of its own: instances bootstrapping at once in one /tmp collide on its temporary
        // tables ("Unknown table 'mysql.tmp_proxies_priv'", seen with 8 instances on one host)
        String tmp = base + "/tmpdir";
        guest.run("mkdir", "-p", tmp).requireSuccess();
        if (socketDir != null) {
            guest.run("rm", "-rf", socketDir).requireSuccess();
            guest.run("mkdir", "-m", "0700", socketDir).requireSuccess();
        }
        // As root, run the server as the mysql user, which must own the directory of its files and socket.
        List<String> user = new ArrayList<>();
        if (guest.run("id", "-u").stdout().trim().equals("0")) {
            guest.run("chown", "mysql:mysql", base, tmp).requireSuccess();
            if (socketDir != null) {
                guest.run("chown", "mysql:mysql", socketDir).requireSuccess();
            }
            user.add("--user=mysql");
        }
        List<String> install = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults"));
        install.addAll(user);
        // A minimal guest may resolve neither its host name nor localhost; the install script then stops
        // unless forced. Grants by address are enough: the server is reached over its socket.
        install.addAll(List.of("--datadir=" + datadir, "--auth-root-authentication-method=normal", "--skip-test-db",
                "--skip-name-resolve", "--force"));
        guest.run(Command.of(install).withWorkingDirectory(base).withEnv("TMPDIR", tmp)
                .withTimeout(Duration.ofMinutes(10))).requireSuccess();

        List<String> mariadbd = new ArrayList<>(List.of("mariadbd", "--no-defaults"));
        mariadbd.addAll(user);
        mariadbd.addAll(List.of("--datadir=" + datadir, "--socket=" + socket, "--port=" + port,
                "--bind-address=127.0.0.1", "--pid-file=" + base + "/mariadbd.pid", "--tmpdir=" + tmp));
        server = Daemon.start(guest, "mariadbd", base, mariadbd);
        server.awaitReady(admin("ping"), Duration.ofSeconds(120));
        guest.run(client("CREATE DATABASE IF NOT EXISTS sbtest")).requireSuccess();
    }

    /**
     * A fresh table for every trial: drop what the last run changed, then {@code prepare}. With a
     * shared database guest 0 prepares the one table and marks the trial prepared; the others wait
     * for the mark.
     */
    @Setup(Level.TRIAL)
    public void prepare(Guest guest) {
        trial++;
        String mark = sharedDirectory(guest) + "/prepared-" + trial;
        if (database == Database.SHARED && guest.index() > 0) {
            awaitShared(guest, "test -e " + Shell.quote(mark), "guest 0's table for trial " + trial);
            return;
        }
        guest.run(sysbench("cleanup").withTimeout(Duration.ofMinutes(10))).requireSuccess();
        guest.run(sysbench("prepare").withTimeout(Duration.ofMinutes(30))).requireSuccess();
        if (database == Database.SHARED) {
            guest.run("touch", mark).requireSuccess();
        }
    }

    @Measure
    public Measurement run(Guest guest) {
        CommandResult result = guest.run(sysbench("run", "--events=" + Math.max(0, events), "--time=" + Math.max(0, time),
                "--percentile=95").withTimeout(Duration.ofHours(3))).requireSuccess();
        SysbenchOutput out = SysbenchOutput.parse(result.output());
        // bounded by time, any count is the result; bounded by count alone, it must be complete
        if (time > 0 ? out.transactions() <= 0 : out.transactions() != events) {
            throw new GuestException(guest.name() + ": sysbench completed " + out.transactions() + " transactions ("
                    + (time > 0 ? "in " + time + " s" : "of " + events) + "):\n" + result.output());
        }
        double hostSeconds = result.elapsed().toNanos() / 1e9;
        return Measurement.of(out.transactions() / hostSeconds, Unit.TRANSACTIONS_PER_SECOND)
                .withTimedCommand(result)
                .withSecondary("queries/s", out.queries() / hostSeconds)
                .withSecondary("latency.p95.ms", out.latencyPercentileMs())
                .withSecondary("sysbench.transactions/s", out.transactionsPerSecond())
                .withSecondary("sysbench.queries/s", out.queriesPerSecond())
                .withSecondary("sysbench.total_time.s", out.totalSeconds())
                .withSecondary("host.elapsed.s", hostSeconds);
    }

    /** Shuts the server down cleanly, kills it if it does not go, and removes its data. */
    @Teardown
    public void stopServer(Guest guest) {
        if (database == Database.SHARED && guest.index() == 0) {
            guest.run("rm", "-rf", sharedDirectory(guest));
        }
        if (server != null) {
            guest.run(admin("shutdown"));
            server.stop(Duration.ofSeconds(60));
            server = null;
        }
        guest.run("rm", "-rf", base(guest));
        if (socket != null && !socket.startsWith(base(guest) + "/") && database == Database.SEPARATE) {
            guest.run("rm", "-rf", besideWorkDir(guest, "my-" + guest.index()));
        }
    }

    /**
     * The directory of a shared server's socket and trial marks: beside the guests' work
     * directories, so the same for every guest of one provisioning on one file system, and never a
     * fixed name in a folder other users can write ({@code /tmp}).
     */
    private String sharedDirectory(Guest guest) {
        return besideWorkDir(guest, "sb-" + mysqlPort); // short: the socket path is limited
    }

    private static String besideWorkDir(Guest guest, String name) {
        String work = guest.workDir();
        int slash = work.lastIndexOf('/');
        return (slash <= 0 ? "" : work.substring(0, slash)) + "/" + name;
    }

    /**
     * Waits until {@code check} (a shell condition) holds in the guest, at most {@link #SHARED_WAIT},
     * or guest 0 says its server failed.
     */
    private void awaitShared(Guest guest, String check, String what) {
        String script = "i=0; until " + check + " >/dev/null 2>&1; do i=$((i+1)); [ $i -gt "
                + SHARED_WAIT.toSeconds() * 10 + " ] && exit 1; [ -e " + Shell.quote(sharedDirectory(guest) + "/failed") + " ] && exit 2; "
                + "sleep 0.1; done";
        CommandResult waited = guest.run(Command.shell(script).withTimeout(SHARED_WAIT.plusMinutes(1)));
        if (waited.exitCode() == 2) {
            throw new GuestException(guest.name() + ": guest 0 could not start the shared MariaDB server");
        }
        if (!waited.ok()) {
            throw new GuestException(guest.name() + ": " + what + " did not appear in " + SHARED_WAIT.toMinutes()
                    + " min; -p sysbench.database=shared needs guests that share a file system (the host backend's)");
        }
    }

    private Command sysbench(String command, String... more) {
        List<String> argv = new ArrayList<>(List.of("sysbench", "oltp_read_write", "--db-driver=mysql",
                "--mysql-socket=" + socket, "--mysql-user=root", "--mysql-db=sbtest", "--tables=1",
                "--table-size=" + tableSize, "--threads=" + threads));
        argv.addAll(List.of(more));
        argv.add(command);
        return Command.of(argv).withEnv("LC_ALL", "C");
    }

    private Command admin(String command) {
        return Command.of("mariadb-admin", "--no-defaults", "--socket=" + socket, "--user=root", command)
                .withTimeout(Duration.ofSeconds(30));
    }

    private Command client(String sql) {
        return Command.of("mariadb", "--no-defaults", "--socket=" + socket, "--user=root", "-e", sql)
                .withTimeout(Duration.ofSeconds(60));
    }
}
