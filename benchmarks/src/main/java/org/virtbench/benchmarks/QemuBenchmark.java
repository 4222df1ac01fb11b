package org.virtbench.benchmarks;

import org.virtbench.runner.backend.qemu.QemuBackend;
import org.virtbench.runner.backend.qemu.QemuSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.ssh.SshEndpoint;
import org.virtbench.runner.transport.ssh.SshGuest;

/**
 * Measures the qemu backend itself, in one run: boot-to-ready time of each of n guests booted
 * together, and the SSH transport's per-command overhead (median span of {@code true} on the open
 * JSch session) next to OpenSSH's {@code ssh root@ADDR true} (a fresh connection each time, no
 * multiplexing), against the same guest.
 *
 * <pre>
 * scripts/qemu-bench.sh [--guests N] [--rootfs DIR] [--accel tcg|kvm|auto]
 *     [--memory MIB] [--runs N] [--openssh-runs N] [--out DIR]
 * </pre>
 */
public final class QemuBenchmark {
    private QemuBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int guests = 2;
        int runs = 50;
        int opensshRuns = 10;
        long memoryMiB = 128;
        String accel = "tcg";
        Path rootfs = null;
        Path out = Files.createTempDirectory("virtbench-qemu-bench-");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--guests" -> guests = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--openssh-runs" -> opensshRuns = Integer.parseInt(value);
                case "--memory" -> memoryMiB = Long.parseLong(value);
                case "--accel" -> accel = value;
                case "--rootfs" -> rootfs = Path.of(value);
                case "--out" -> out = Path.of(value);
                default -> {
                    System.err.println("unknown option " + args[i] + "; see the class comment of QemuBenchmark");
                    System.exit(2);
                }
            }
            i++;
        }
        String argument = "accel=" + accel + (rootfs == null ? "" : ",rootfs=" + rootfs);
        QemuBackend backend = new QemuBackend(argument, QemuSettings.parse(argument));
        PrintStream o = System.out;
        o.printf(Locale.ROOT, "qemu backend benchmark: %d guests, %d MiB each, %s%n", guests, memoryMiB, backend.technology());
        long t0 = System.nanoTime();
        try (Provisioning p = backend.provision(
                new ProvisionRequest(guests, memoryMiB << 20, false, List.of(), out))) {
            o.printf(Locale.ROOT, "provisioned in %.2f s (media from cache, %d guests booted concurrently)%n",
                    (System.nanoTime() - t0) / 1e9, guests);
            for (int i = 0; i < guests; i++) {
                o.printf(Locale.ROOT, "  boot-to-ready %s: %s s (QEMU start to SSH session established)%n",
                        p.guests().get(i).name(), p.facts().get("guest." + i + ".boot.seconds"));
            }
            SshGuest guest = (SshGuest) p.guests().get(0); // a qemu guest is reached over SSH
            Duration jsch = guest.calibrate(runs);
            long[] openssh = openssh(guest.endpoint(), p.facts().get("transport"), opensshRuns, out);
            double jschMs = jsch.toNanos() / 1e6;
            double opensshMs = median(openssh) / 1e6;
            o.printf(Locale.ROOT, "per-command overhead on %s (%s):%n", guest.name(), guest.endpoint());
            o.printf(Locale.ROOT, "  virtbench SSH (JSch, persistent session, channel per command): median %.2f ms of %d%n", jschMs, runs);
            o.printf(Locale.ROOT, "  OpenSSH ssh root@%s true (new connection, no multiplexing):  median %.2f ms of %d (min %.2f, max %.2f)%n",
                    guest.address(), opensshMs, opensshRuns, openssh[0] / 1e6, openssh[openssh.length - 1] / 1e6);
            o.printf(Locale.ROOT, "  ratio virtbench / OpenSSH: %.3f (target <= 0.1)%n", jschMs / opensshMs);
            o.printf(Locale.ROOT, "facts: %s%n", p.facts());
        }
        o.printf(Locale.ROOT, "console logs and command lines in %s%n", out);
    }

    /** Host-clock spans of {@code ssh ... true}, sorted; the host key is pinned for OpenSSH too. */
    private static long[] openssh(SshEndpoint endpoint, String transportFact, int runs, Path out) throws IOException {
        Path knownHosts = out.resolve("known_hosts");
        Files.writeString(knownHosts, endpoint.host() + " " + endpoint.hostKey().toOpenSshLine() + "\n");
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", Integer.toString(endpoint.port()),
                "-i", endpoint.identity().toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "LogLevel=ERROR",
                endpoint.user() + "@" + endpoint.host(), "true"));
        long[] spans = new long[runs];
        for (int i = 0; i < runs; i++) {
            CommandResult r = HostCommands.run(Command.of(argv).withTimeout(Duration.ofMinutes(1)));
            if (!r.ok()) {
                throw new IllegalStateException("OpenSSH failed (" + transportFact + "): " + r.output());
            }
            spans[i] = r.hostEndNanos() - r.hostStartNanos();
        }
        Arrays.sort(spans);
        return spans;
    }

    private static double median(long[] values) {
        return Statistics.median(java.util.Arrays.stream(values).asDoubleStream().toArray());
    }
}
