package org.virtbench.runner.backend.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.HostCommands;
import org.virtbench.runner.transport.ssh.PinnedHostKey;

/**
 * Real machines for the ssh backend's tests: each one a network namespace joined to the host by a
 * veth pair, with OpenSSH's own sshd ({@code /usr/sbin/sshd -D}) listening on the namespace's
 * address under a config, host key and authorized_keys of the test's own. A machine may also be
 * made without sshd (nothing listens: an unreachable machine). {@link #close()} kills every
 * process in the namespaces (the sshd this started and its session children) and deletes them,
 * which also deletes the veth pairs. Public for the SSH transport's own tests against OpenSSH.
 */
public final class SshdNamespaces implements AutoCloseable {
    private final Path dir;
    private final int slot = ThreadLocalRandom.current().nextInt(1, 250);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> daemons = new ArrayList<>();

    /** One machine: where it listens and the host key its sshd presents (null without sshd). */
    public record Machine(String namespace, String address, PinnedHostKey hostKey) {
    }

    public SshdNamespaces(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes machine {@code k} (0..60): a namespace with address 10.217.slot.(4k+2), the host at
     * .(4k+1); with {@code sshd} an OpenSSH server that accepts the key in {@code authorizedKeys}.
     */
    public Machine add(int k, boolean sshd, Path authorizedKeys) throws IOException, InterruptedException {
        String ns = "vbssh" + slot + "m" + k;
        String outside = "vbs" + slot + "h" + k;
        String inside = "vbs" + slot + "g" + k;
        String host = "10.217." + slot + "." + (4 * k + 1);
        String address = "10.217." + slot + "." + (4 * k + 2);
        HostCommands.require("ip", "netns", "add", ns);
        namespaces.add(ns);
        HostCommands.require("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        HostCommands.require("ip", "link", "set", inside, "netns", ns);
        HostCommands.require("ip", "addr", "add", host + "/30", "dev", outside);
        HostCommands.require("ip", "link", "set", outside, "up");
        HostCommands.require("ip", "-n", ns, "addr", "add", address + "/30", "dev", inside);
        HostCommands.require("ip", "-n", ns, "link", "set", inside, "up");
        HostCommands.require("ip", "-n", ns, "link", "set", "lo", "up");
        if (!sshd) {
            return new Machine(ns, address, null);
        }
        Path key = dir.resolve("host-key-" + k);
        CommandResult keygen = HostCommands.run(Command.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-host-" + k,
                "-f", key.toString()).withTimeout(Duration.ofSeconds(30)));
        if (!keygen.ok()) {
            throw new IOException("ssh-keygen: " + keygen.output());
        }
        Path config = dir.resolve("sshd-" + k + ".conf");
        Files.writeString(config, String.join("\n",
                "ListenAddress " + address,
                "Port 22",
                "HostKey " + key,
                "AuthorizedKeysFile " + authorizedKeys,
                "PidFile none",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UseDNS no",
                "PrintMotd no",
                "LogLevel ERROR",
                // bash sources root's ~/.bashrc for an sshd session only at shell level < 2; on these
                // machines that file runs `pyenv rehash`, whose lock a killed session leaves behind,
                // stalling every later session 60 s. The fixture must not depend on root's rc files.
                "SetEnv SHLVL=1", ""));
        Files.createDirectories(Path.of("/run/sshd"));
        Process daemon = new ProcessBuilder("ip", "netns", "exec", ns, "/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd-" + k + ".log").toFile()).start();
        daemons.add(daemon);
        awaitPort(address, daemon);
        return new Machine(ns, address, PinnedHostKey.read(Path.of(key + ".pub")));
    }

    private void awaitPort(String address, Process daemon) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd-" + (daemons.size() - 1) + ".log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, 22), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not listen on " + address + ":22 within 20 s");
    }

    /** Processes still running in the namespaces, as pids. */
    public List<String> processes() {
        List<String> pids = new ArrayList<>();
        for (String ns : namespaces) {
            for (String pid : HostCommands.run("ip", "netns", "pids", ns).stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    pids.add(pid.trim());
                }
            }
        }
        return pids;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : daemons) {
            p.destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        // sshd's per-session children, should a session outlive the test's clients
        for (String pid : processes()) {
            HostCommands.run("kill", "-KILL", pid);
        }
        for (String ns : namespaces) {
            HostCommands.run("ip", "netns", "del", ns);
        }
    }
}
