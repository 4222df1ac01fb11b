package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.HostCommands;

/**
 * A minimal Debian root filesystem for the QEMU tests, built once with debootstrap (minbase plus
 * openssh-server, bzip2 and iproute2, about two minutes) and kept in {@value #DEFAULT} (or the folder of the
 * system property {@code virtbench.test.rootfs}). It stands in for the image builder's output:
 * the backend takes any such tree.
 */
public final class TestRootfs {
    static final String DEFAULT = "/var/tmp/virtbench-qemu-test/rootfs";

    private TestRootfs() {
    }

    public static synchronized Path ensure() throws IOException {
        Path dir = Path.of(System.getProperty("virtbench.test.rootfs", DEFAULT));
        if (complete(dir)) {
            return dir;
        }
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial-" + ProcessHandle.current().pid());
        HostCommands.run("rm", "-rf", "--one-file-system", partial.toString());
        Files.createDirectories(partial.getParent());
        CommandResult r = HostCommands.run(Command.of("debootstrap", "--variant=minbase",
                "--include=openssh-server,bzip2,iproute2", codename(), partial.toString(), mirror()).withTimeout(Duration.ofMinutes(20)));
        if (!r.ok()) {
            HostCommands.run("rm", "-rf", "--one-file-system", partial.toString());
            throw new IOException("debootstrap failed: " + r.output());
        }
        HostCommands.run("rm", "-rf", "--one-file-system", dir.toString());
        Files.move(partial, dir);
        return dir;
    }

    private static boolean complete(Path dir) {
        // debootstrap removes its own folder from the tree when it succeeded. iproute2 is priority
        // "important", so minbase leaves it out: a tree from before it was included is rebuilt.
        return Files.isRegularFile(dir.resolve("usr/sbin/sshd")) && Files.isRegularFile(dir.resolve("bin/bzip2"))
                && Files.isRegularFile(dir.resolve("bin/ip"))
                && Files.isRegularFile(dir.resolve("etc/ssh/ssh_host_ed25519_key.pub"))
                && !Files.exists(dir.resolve("debootstrap"));
    }

    private static String codename() throws IOException {
        Matcher m = Pattern.compile("(?m)^VERSION_CODENAME=(\\S+)").matcher(Files.readString(Path.of("/etc/os-release")));
        return m.find() ? m.group(1).replace("\"", "") : "bookworm";
    }

    private static String mirror() {
        CommandResult r = HostCommands.run("sh", "-c",
                "grep -rhoE '^(URIs:|deb) +[a-z]+://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null"
                        + " | grep -v security | awk '{print $2}' | grep -m1 debian");
        String found = r.stdout().trim();
        return found.isEmpty() ? "http://deb.debian.org/debian" : found;
    }
}
