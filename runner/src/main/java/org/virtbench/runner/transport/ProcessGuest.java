package org.virtbench.runner.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.PeerHost;

/**
 * A guest whose commands are local processes, started through {@link ProcessBuilder} with an argv
 * (never a shell unless the command asks for one), optionally behind a fixed prefix that enters
 * another context: {@code ip netns exec NAME}, {@code nsenter ...}, {@code lxc-attach ...}.
 *
 * <p>Timing is taken on {@link System#nanoTime()} from just before the process is started to just
 * after its exit is seen. A command past its timeout is killed with its whole process tree.
 * Files are copied through the host's filesystem view of the guest's root ({@code rootOnHost}).
 */
public class ProcessGuest implements PeerHost {
    private final String name;
    private final int index;
    private final String address;
    private final String workDir;
    private final List<String> prefix;
    private final Path rootOnHost;

    /**
     * @param name       unique name in the run
     * @param index      position among the provisioning's guests
     * @param address    the address the peer (or the guests, for a peer) reach it at
     * @param workDir    the guest's private directory, as the guest sees it; created here
     * @param prefix     argv words put before every command; empty for plain host processes
     * @param rootOnHost where the guest's {@code /} lies in the host's filesystem ({@code /} for the host)
     */
    public ProcessGuest(String name, int index, String address, String workDir, List<String> prefix, Path rootOnHost) {
        this.name = Objects.requireNonNull(name);
        this.index = index;
        this.address = Objects.requireNonNull(address);
        this.workDir = Objects.requireNonNull(workDir);
        this.prefix = List.copyOf(prefix);
        this.rootOnHost = Objects.requireNonNull(rootOnHost);
        try {
            Files.createDirectories(hostPath(workDir));
        } catch (IOException e) {
            throw new GuestException(name + ": cannot create work directory " + workDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String workDir() {
        return workDir;
    }

    /** The argv words put before every command. */
    public List<String> prefix() {
        return prefix;
    }

    @Override
    public CommandResult run(Command command) {
        List<String> argv = new ArrayList<>(prefix);
        if (!prefix.isEmpty() && (!command.environment().isEmpty() || command.workingDirectory().isPresent())) {
            // Behind a prefix the environment and directory must be set inside the guest, not on the prefix.
            argv.addAll(List.of("/bin/sh", "-c", command.toShellString()));
        } else {
            argv.addAll(command.argv());
        }
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (prefix.isEmpty()) {
            if (!command.environment().isEmpty()) {
                // environment() copies the whole environment: only worth it when something is added
                builder.environment().putAll(command.environment());
            }
            command.workingDirectory().ifPresent(dir -> builder.directory(hostPath(dir).toFile()));
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        long start = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new GuestException(name + ": cannot start " + command + ": " + e.getMessage(), e);
        }
        StreamDrain out = StreamDrain.start(process.getInputStream());
        StreamDrain err = StreamDrain.start(process.getErrorStream());
        boolean finished;
        try {
            finished = process.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new GuestException(name + ": interrupted while running " + command, e);
        }
        long end = System.nanoTime();
        if (!finished) {
            kill(process);
            throw new CommandTimeoutException(command.toString(), command.timeout(), out.text() + err.text());
        }
        return new CommandResult(command.toString(), process.exitValue(), out.text(), err.text(), start, end,
                OptionalLong.empty());
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void copyIn(Path hostFile, String guestPath) {
        Path target = hostPath(guestPath);
        try {
            Files.createDirectories(target.getParent());
            Files.copy(hostFile, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new GuestException(name + ": cannot copy " + hostFile + " to " + guestPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void copyOut(String guestPath, Path hostFile) {
        try {
            if (hostFile.getParent() != null) {
                Files.createDirectories(hostFile.getParent());
            }
            Files.copy(hostPath(guestPath), hostFile, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new GuestException(name + ": cannot copy " + guestPath + " to " + hostFile + ": " + e.getMessage(), e);
        }
    }

    /** Where a guest path lies in the host's filesystem. */
    public Path hostPath(String guestPath) {
        if (!guestPath.startsWith("/")) {
            throw new GuestException(name + ": guest paths must be absolute, got " + guestPath);
        }
        return rootOnHost.resolve(guestPath.substring(1)).normalize();
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Reads a stream to its end on a thread of its own, so a chatty process never blocks on a full
     * pipe. The threads are pooled: creating two threads per command would add to the per-command
     * overhead that the transport's calibration reports.
     */
    private static final class StreamDrain {
        private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "vb-drain");
            t.setDaemon(true);
            return t;
        });

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Future<?> done;

        private StreamDrain(InputStream in) {
            done = THREADS.submit(() -> {
                try (in) {
                    in.transferTo(buffer);
                } catch (IOException e) {
                    // the process was killed: keep what was read
                }
            });
        }

        static StreamDrain start(InputStream in) {
            return new StreamDrain(in);
        }

        String text() {
            try {
                done.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // a daemon the command started still holds the pipe: keep what was read
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }

}
