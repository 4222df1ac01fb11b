package org.virtbench.runner.backend.libvirt;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.HostCommands;

/**
 * libvirt's daemons for a test, started the way Debian's packages would be without systemd
 * ({@code virtlogd -d}, {@code libvirtd -d}, each with a pid file of the test's own) and stopped
 * again by {@link #close()}: only the daemons this started, never ones that were already running
 * (a test then uses those and leaves them be).
 */
final class LibvirtDaemons implements AutoCloseable {
    private static final Path SOCKET = Path.of("/run/libvirt/libvirt-sock");
    private final List<Path> pidFiles = new ArrayList<>();
    private final List<Long> pids = new ArrayList<>();

    private LibvirtDaemons() {
    }

    /** True when this started the daemons (and so stops them). */
    boolean started() {
        return !pidFiles.isEmpty();
    }

    /** Starts virtlogd and libvirtd unless libvirtd already answers on its socket. */
    static LibvirtDaemons start() throws IOException, InterruptedException {
        LibvirtDaemons d = new LibvirtDaemons();
        if (answers()) {
            return d;
        }
        Files.createDirectories(Path.of("/var/log/libvirt"));
        Files.createDirectories(Path.of("/run/libvirt"));
        try {
            d.daemon("virtlogd", Path.of("/run/virtbench-test-virtlogd.pid"));
            d.daemon("libvirtd", Path.of("/run/virtbench-test-libvirtd.pid"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!answers()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("libvirtd did not answer on " + SOCKET + " within 30 s");
                }
                Thread.sleep(100);
            }
            for (Path f : d.pidFiles) {
                d.pids.add(pid(f).orElseThrow(() -> new IOException("no pid in " + f)));
            }
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void daemon(String name, Path pidFile) throws IOException {
        CommandResult r = HostCommands.run(Command.of(name, "-d", "-p", pidFile.toString()).withTimeout(Duration.ofSeconds(30)));
        if (!r.ok()) {
            throw new IOException(name + " -d failed: " + r.output() + "; install Debian's libvirt-daemon-system"
                    + " (scripts/install-deps.sh)");
        }
        pidFiles.add(pidFile);
    }

    private static boolean answers() {
        if (!Files.exists(SOCKET)) {
            return false;
        }
        try (SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return s.connect(UnixDomainSocketAddress.of(SOCKET));
        } catch (IOException e) {
            return false;
        }
    }

    /** The processes this started that still run. */
    List<Long> running() {
        return pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).toList();
    }

    /** Stops libvirtd, then virtlogd (SIGTERM, then SIGKILL after 10 s); only those this started. */
    @Override
    public void close() {
        List<Long> reversed = new ArrayList<>(pids.isEmpty() ? pidFiles.stream().flatMap(f -> pid(f).stream()).toList() : pids);
        java.util.Collections.reverse(reversed);
        for (long pid : reversed) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy();
                try {
                    p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
        }
    }

    private static Optional<Long> pid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
