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
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Teardown;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.Measurement;
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
 * <p>The value is transactions over the host-clock duration of {@code sysbench run} (which includes
 * its start, a few tens of milliseconds); sysbench's own rates, on the guest's clock, and the 95th
 * percentile latency are secondary figures.
 */
@Workload(name = "sysbench-oltp", unit = Unit.TRANSACTIONS_PER_SECOND,
        description = "sysbench oltp_read_write against a private MariaDB server (10,000 transactions in the paper), transactions/s")
@Repeat(4)
@DiscardFirst
@Requires(packages = {"sysbench", "mariadb-server", "mariadb-client"},
        commands = {"sysbench", "mariadbd", "mariadb-install-db", "mariadb-admin", "mariadb"})
public class SysbenchOltp {
    /** Unix socket paths are limited to 108 bytes; beyond this length the socket goes to /tmp. */
    static final int SOCKET_PATH_MAX = 100;

    @Param(value = "10000", quick = "1000", description = "transactions per trial (--events)")
    int events;

    @Param(value = "10000", description = "rows of the table (--table-size); sysbench 0.4's default")
    int tableSize;

    @Param(value = "1", description = "client threads (--threads); sysbench 0.4's default")
    int threads;

    @Param(value = "13306", description = "TCP port of guest 0's server; guest i uses this plus i")
    int mysqlPort;

    private String socket;
    private Daemon server;

    private static String base(Guest guest) {
        return guest.workDir() + "/mysql";
    }

    /** Creates a data directory, starts mariadbd on it and creates the {@code sbtest} database. */
    @Setup
    public void startServer(Guest guest) {
        String base = base(guest);
        String datadir = base + "/data";
        socket = base + "/mysqld.sock";
        if (socket.length() > SOCKET_PATH_MAX) {
            socket = "/tmp/virtbench-mysqld-" + guest.index() + "-" + Integer.toHexString(guest.workDir().hashCode()) + ".sock";
        }
        int port = mysqlPort + guest.index();
        guest.run("rm", "-rf", base).requireSuccess();
        guest.run("mkdir", "-p", base).requireSuccess();
        // As root, run the server as the mysql user, which must own the directory of its files and socket.
        List<String> user = new ArrayList<>();
        if (guest.run("id", "-u").stdout().trim().equals("0")) {
            guest.run("chown", "mysql:mysql", base).requireSuccess();
            user.add("--user=mysql");
        }
        List<String> install = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults"));
        install.addAll(user);
        install.addAll(List.of("--datadir=" + datadir, "--auth-root-authentication-method=normal", "--skip-test-db"));
        guest.run(Command.of(install).withWorkingDirectory(base).withTimeout(Duration.ofMinutes(10))).requireSuccess();

        List<String> mariadbd = new ArrayList<>(List.of("mariadbd", "--no-defaults"));
        mariadbd.addAll(user);
        mariadbd.addAll(List.of("--datadir=" + datadir, "--socket=" + socket, "--port=" + port,
                "--bind-address=127.0.0.1", "--pid-file=" + base + "/mariadbd.pid"));
        server = Daemon.start(guest, "mariadbd", base, mariadbd);
        server.awaitReady(admin("ping"), Duration.ofSeconds(120));
        guest.run(client("CREATE DATABASE IF NOT EXISTS sbtest")).requireSuccess();
    }

    /** A fresh table for every trial: drop what the last run changed, then {@code prepare}. */
    @Setup(Level.TRIAL)
    public void prepare(Guest guest) {
        guest.run(sysbench("cleanup").withTimeout(Duration.ofMinutes(10))).requireSuccess();
        guest.run(sysbench("prepare").withTimeout(Duration.ofMinutes(30))).requireSuccess();
    }

    @Measure
    public Measurement run(Guest guest) {
        CommandResult result = guest.run(sysbench("run", "--events=" + events, "--time=0", "--percentile=95")
                .withTimeout(Duration.ofHours(3))).requireSuccess();
        SysbenchOutput out = SysbenchOutput.parse(result.output());
        if (out.transactions() != events) {
            throw new GuestException(guest.name() + ": sysbench completed " + out.transactions() + " of " + events
                    + " transactions:\n" + result.output());
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
        if (server != null) {
            guest.run(admin("shutdown"));
            server.stop(Duration.ofSeconds(60));
            server = null;
        }
        guest.run("rm", "-rf", base(guest));
        if (socket != null && socket.startsWith("/tmp/")) {
            guest.run("rm", "-f", socket, socket + ".lock");
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
