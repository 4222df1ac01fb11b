package org.virtbench.runner.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.start.Arming;
import org.virtbench.runner.start.GatedGuest;
import org.virtbench.runner.start.StartLine;
import org.virtbench.runner.start.StartWrapper;
import org.virtbench.runner.system.Processes;
import org.virtbench.runner.transport.exec.ExecHelper;
import org.virtbench.runner.transport.exec.ExecHelperPool;
import org.virtbench.runner.transport.exec.HelperBinary;

/**
 * A guest whose commands are local processes, started through {@link ProcessBuilder} with an argv
 * (never a shell unless the command asks for one), optionally behind a fixed prefix that enters
 * another context: {@code ip netns exec NAME}, {@code nsenter ...}, {@code lxc-attach ...}.
 *
 * <p>Timing is taken on {@link System#nanoTime()} from just before the process is started to just
 * after its exit is seen. A command past its timeout is killed with its whole process tree.
 * Files are copied through the host's filesystem view of the guest's root ({@code rootOnHost}).
 *
 * <p>An armed start gate ({@link GatedGuest}) makes the next command wait behind
 * {@link StartWrapper} until its {@link StartLine} opens; that command's span is the one the
 * wrapper stamps, so the transport's own start-up is not part of it.
 *
 * <p>With {@link #useExecHelper()} the ungated commands go through long-lived exec helpers
 * started once behind the prefix (one lxc-attach, not one per command), which spawn each command
 * with posix_spawn and stamp it right before the spawn and right after the reap.
 */
public class ProcessGuest implements PeerHost, GatedGuest {
    private final String name;
    private final int index;
    private final String address;
    private final String workDir;
    private final List<String> prefix;
    private final Path rootOnHost;
    private final Arming arming = new Arming();
    private volatile ExecHelperPool helpers;

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
    public void armStartGate(StartLine.Seat seat) {
        arming.arm(this, seat);
    }

    @Override
    public void disarmStartGate() {
        arming.disarm();
    }

    @Override
    public CommandResult run(Command command) {
        Optional<StartLine.Seat> seat = arming.take();
        if (seat.isPresent()) {
            return runGated(command, seat.get());
        }
        ExecHelperPool pool = helpers;
        if (pool != null) {
            // same kernel, same clock: the helper's stamps are host stamps, no separate guest clock
            Optional<CommandResult> viaHelper = pool.run(command, false, OutputSpill.buffer(this, name + ".stdout"),
                    OutputSpill.buffer(this, name + ".stderr"));
            if (viaHelper.isPresent()) {
                return viaHelper.get();
            }
        }
        ProcessBuilder builder = builder(command, argv(command));
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        long start = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new GuestException(name + ": cannot start " + command + ": " + e.getMessage(), e);
        }
        StreamDrain out = StreamDrain.start(process.getInputStream(), OutputSpill.buffer(this, name + ".stdout"));
        StreamDrain err = StreamDrain.start(process.getErrorStream(), OutputSpill.buffer(this, name + ".stderr"));
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

    /**
     * Runs this guest's ungated commands through exec helpers from now on (see {@link ExecHelper});
     * when none can start, the log says so once and commands spawn as before.
     */
    public synchronized void useExecHelper() {
        if (helpers == null) {
            helpers = new ExecHelperPool(name, prefix.isEmpty() ? "the JDK" : prefix.get(0), this::startHelper);
        }
    }

    /** Ends the exec helpers; later commands spawn one process each. */
    public synchronized void stopExecHelper() {
        if (helpers != null) {
            helpers.close();
            helpers = null;
        }
    }

    private synchronized ExecHelper startHelper() throws IOException {
        Path binary = HelperBinary.path();
        String inGuest = binary.toString();
        if (!rootOnHost.equals(Path.of("/"))) {
            // the guest sees only its own root: the static binary goes into its private directory
            inGuest = workDir + "/.vb-exec";
            Path target = hostPath(inGuest);
            Path copy = Files.createTempFile(target.getParent(), ".vb-exec", ".new");
            Files.copy(binary, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Files.move(copy, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        List<String> argv = new ArrayList<>(prefix);
        argv.add(inGuest);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return ExecHelper.attach(name, started, process.getInputStream(), process.getOutputStream(),
                () -> Processes.killTree(process, Duration.ofSeconds(10)), Duration.ofSeconds(30));
    }

    /**
     * Runs a command behind the start gate: started at once, it waits in the guest until the seat's
     * line opens. The seat is taken when the wrapper says it waits, and left when it never does.
     */
    private CommandResult runGated(Command command, StartLine.Seat seat) {
        String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        List<String> plain = argv(command);
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(StartWrapper.wrap(arming.shell(), nonce,
                plain.subList(prefix.size(), plain.size())));
        ProcessBuilder builder = builder(command, argv);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process;
        long spawn = System.nanoTime();
        try {
            process = builder.start();
        } catch (IOException e) {
            seat.leave();
            throw new GuestException(name + ": cannot start " + command + ": " + e.getMessage(), e);
        }
        StreamDrain out = StreamDrain.start(process.getInputStream(), OutputSpill.buffer(this, name + ".stdout"));
        StreamDrain err = StreamDrain.watching(process.getErrorStream(), StartWrapper.readyLine(nonce),
                OutputSpill.buffer(this, name + ".stderr"));
        long deadline = spawn + command.timeout().toNanos();
        boolean finished;
        try {
            if (err.awaitLine(command.timeout().toNanos())) {
                seat.ready(process.getOutputStream());
            } else {
                seat.leave();
            }
            finished = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            seat.leave();
            kill(process);
            closeQuietly(process);
            Thread.currentThread().interrupt();
            throw new GuestException(name + ": interrupted while running " + command, e);
        }
        long end = System.nanoTime();
        closeQuietly(process);
        if (!finished) {
            seat.leave();
            kill(process);
            throw new CommandTimeoutException(command.toString(), command.timeout(), out.text() + err.text());
        }
        StartWrapper.Stripped stripped = StartWrapper.strip(err.text(), nonce);
        StartWrapper.Span span = StartWrapper.span(stripped, seat.offset(), spawn, seat.releasedAtNanos(), end);
        OptionalLong guestElapsed = stripped.wallStart().isPresent() && stripped.wallEnd().isPresent()
                ? OptionalLong.of(stripped.wallEnd().getAsLong() - stripped.wallStart().getAsLong())
                : OptionalLong.empty();
        CommandResult result = new CommandResult(command.toString(), process.exitValue(), out.text(),
                stripped.stderr(), span.startNanos(), span.endNanos(), guestElapsed);
        seat.finished(result, span);
        return result;
    }

    /** The whole argv: the prefix, then the command, behind a shell where the prefix needs one. */
    private List<String> argv(Command command) {
        List<String> argv = new ArrayList<>(prefix);
        if (!prefix.isEmpty() && (!command.environment().isEmpty() || command.workingDirectory().isPresent())) {
            // Behind a prefix the environment and directory must be set inside the guest, not on the prefix.
            argv.addAll(List.of("/bin/sh", "-c", command.toShellString()));
        } else {
            argv.addAll(command.argv());
        }
        return argv;
    }

    private ProcessBuilder builder(Command command, List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (prefix.isEmpty()) {
            if (!command.environment().isEmpty()) {
                // environment() copies the whole environment: only worth it when something is added
                builder.environment().putAll(command.environment());
            }
            command.workingDirectory().ifPresent(dir -> builder.directory(hostPath(dir).toFile()));
        }
        return builder;
    }

    /** Closes the gate's input: the wrapper no longer reads it, and its pipe must not outlive the command. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed or the process is gone
        }
    }

    private static void kill(Process process) {
        Processes.killTree(process, Duration.ofSeconds(10));
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
}
