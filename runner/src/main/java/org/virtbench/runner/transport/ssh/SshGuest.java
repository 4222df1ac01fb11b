package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestException;
import org.virtbench.guest.Shell;
import org.virtbench.runner.start.Arming;
import org.virtbench.runner.start.GatedGuest;
import org.virtbench.runner.start.StartLine;
import org.virtbench.runner.transport.BoundedOutput;
import org.virtbench.runner.transport.OutputSpill;
import org.virtbench.runner.transport.exec.HelperBinary;

/**
 * A guest reached over SSH with JSch: one session for the guest's whole life. The guest must
 * present exactly its {@link PinnedHostKey}; the client logs in with a {@link ClientKey}.
 *
 * <p>Ungated commands go through an exec helper ({@link HelperChannel}) on one channel of the
 * session: one request per command instead of one channel per command. Their guest clock is the
 * helper's own {@code CLOCK_MONOTONIC} just before the spawn and just after the reap. When the
 * helper cannot start (another architecture, no temporary folder), the log says so once and each
 * command opens a channel of its own, as described next; copies always do.
 *
 * <p>A command on a channel of its own runs under {@link GuestClock}'s wrapper, which reads the guest's monotonic
 * clock around it ({@link CommandResult#guestElapsedNanos()}) and lets a timed-out command be
 * killed with its process tree. Host time is taken on {@link System#nanoTime()} from just before
 * the channel is opened to the moment its close (after the exit status) arrives.
 *
 * <p>An armed start gate ({@link GatedGuest}) makes the next command run behind the same wrapper
 * as on the host, held in the guest until its {@link StartLine} opens ({@link GatedExec}); its span
 * is the guest's own stamps converted to the host's clock, without the SSH exec.
 *
 * <p>A session found dead <em>between</em> commands is reconnected once; a session that dies
 * <em>during</em> a command is a {@link GuestException}, the command is not run again (whether it
 * had effects is unknown). Not thread-safe beyond what {@link Guest} promises: one thread per guest.
 */
public final class SshGuest implements GatedGuest, AutoCloseable {
    private static final Duration KILL_LIMIT = Duration.ofSeconds(30);
    private static final Duration COPY_TIMEOUT = Duration.ofHours(1);
    private static final int KEEPALIVE_MILLIS = 15_000;
    private static final int KEEPALIVE_MISSES = 4;

    private final String name;
    private final int index;
    private final String workDir;
    private final SshEndpoint endpoint;
    private final JSch jsch = new JSch();
    private final PinnedHostKeyRepository hostKeys;
    private Session session;
    private int reconnects;
    private boolean closed;
    private final Arming arming = new Arming();
    private final SessionHelpers helpers;

    /**
     * A guest that is not connected yet; see {@link #connect()} and {@link #awaitReady}.
     *
     * @param workDir the guest's private directory, as the guest sees it; the provisioner creates it
     */
    public SshGuest(String name, int index, String workDir, SshEndpoint endpoint) {
        this(name, index, workDir, endpoint, HelperBinary::path);
    }

    /** A guest whose exec helper is {@code helper}'s program (a test's, built for another machine). */
    SshGuest(String name, int index, String workDir, SshEndpoint endpoint, SessionHelpers.Program helper) {
        this.name = Objects.requireNonNull(name);
        this.index = index;
        this.workDir = Objects.requireNonNull(workDir);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.hostKeys = new PinnedHostKeyRepository(endpoint.hostKey());
        this.helpers = new SessionHelpers(name, endpoint, helper);
        try {
            jsch.addIdentity(endpoint.identity().toString());
        } catch (JSchException e) {
            throw new GuestException(name + ": cannot load the client key " + endpoint.identity() + ": " + e.getMessage(), e);
        }
        jsch.setHostKeyRepository(hostKeys);
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
        return endpoint.host();
    }

    @Override
    public String workDir() {
        return workDir;
    }

    /** Where this guest is reached. */
    public SshEndpoint endpoint() {
        return endpoint;
    }

    /** How often a dead session was found between commands and connected again. */
    public synchronized int reconnects() {
        return reconnects;
    }

    /**
     * Connects once: TCP, key exchange with the pinned host key, public key authentication.
     *
     * @throws HostKeyMismatchException when the guest presents another host key
     * @throws GuestException when the connection or authentication fails
     */
    public synchronized void connect() {
        if (closed) {
            throw new GuestException(name + ": already closed");
        }
        if (session != null && session.isConnected()) {
            return;
        }
        Session fresh;
        try {
            fresh = jsch.getSession(endpoint.user(), endpoint.host(), endpoint.port());
        } catch (JSchException e) {
            throw new GuestException(name + ": " + e.getMessage(), e);
        }
        fresh.setConfig("StrictHostKeyChecking", "yes");
        fresh.setConfig("HashKnownHosts", "no");
        fresh.setConfig("PreferredAuthentications", "publickey");
        fresh.setConfig("server_host_key", endpoint.hostKey().signatureAlgorithms());
        fresh.setSocketFactory(new NoDelaySocketFactory(endpoint.connectTimeout()));
        try {
            fresh.setServerAliveInterval(KEEPALIVE_MILLIS);
            fresh.setServerAliveCountMax(KEEPALIVE_MISSES);
            fresh.connect((int) Math.min(Integer.MAX_VALUE, endpoint.connectTimeout().toMillis()));
        } catch (JSchException e) {
            fresh.disconnect();
            throw connectFailure(e);
        }
        session = fresh;
    }

    private GuestException connectFailure(JSchException e) {
        var refused = hostKeys.refusedKey();
        if (refused.isPresent()) {
            byte[] offered = refused.get();
            PinnedHostKey pinned = endpoint.hostKey();
            return new HostKeyMismatchException(name + ": REFUSED to connect to " + endpoint + ": it presented host key "
                    + PinnedHostKey.blobType(offered) + " " + PinnedHostKey.fingerprint(offered) + ", but the key pinned for it is "
                    + pinned.type() + " " + pinned.fingerprint() + " from " + pinned.origin()
                    + ". Nothing was sent to it. Either another machine answers at this address or the image's host key"
                    + " changed; if the image was rebuilt on purpose, rebuild its cached disk too.");
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new AuthenticationException(name + ": " + endpoint + " refused the client key " + endpoint.identity()
                    + " (" + message + "); the guest's authorized_keys does not hold its public half");
        }
        return new GuestException(name + ": cannot connect to " + endpoint + ": " + message, e);
    }

    /** Authentication was refused: retrying cannot help. */
    static final class AuthenticationException extends GuestException {
        private static final long serialVersionUID = 1L;

        AuthenticationException(String message) {
            super(message);
        }
    }

    /**
     * Connects, retrying while the guest boots, until {@code limit} has passed or
     * {@code stillBooting} says the guest is gone (its process died).
     *
     * @return how long it took
     * @throws HostKeyMismatchException at once, when the guest presents another host key
     * @throws GuestException with the last connect error when the limit passes
     */
    public Duration awaitReady(Duration limit, BooleanSupplier stillBooting) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        GuestException last = null;
        while (true) {
            try {
                connect();
                return Duration.ofNanos(System.nanoTime() - start);
            } catch (HostKeyMismatchException | AuthenticationException e) {
                throw e;
            } catch (GuestException e) {
                last = e;
            }
            if (!stillBooting.getAsBoolean()) {
                throw new GuestException(name + ": the guest stopped before SSH was ready; last attempt: " + last.getMessage(), last);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new GuestException(name + ": SSH not ready within " + limit.toSeconds() + " s; last attempt: "
                        + last.getMessage(), last);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private synchronized Session session(String command) {
        if (closed) {
            throw new GuestException(name + ": closed; cannot run " + command);
        }
        if (session == null) {
            connect();
        } else if (!session.isConnected()) {
            session = null;
            reconnects++;
            try {
                connect();
            } catch (GuestException e) {
                throw new GuestException(name + ": the SSH session was lost and reconnecting failed: " + e.getMessage(), e);
            }
        }
        return session;
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
        String display = command.toShellString();
        Optional<StartLine.Seat> seat = arming.take();
        if (seat.isPresent()) {
            Session s;
            try {
                s = session(display);
            } catch (GuestException e) {
                seat.get().leave();
                throw e;
            }
            return GatedExec.run(s, name, command, seat.get(), arming.shell(), pid -> kill(s, OptionalLong.of(pid)),
                    OutputSpill.buffer(this, name + ".stdout"), OutputSpill.buffer(this, name + ".stderr"));
        }
        BoundedOutput out = OutputSpill.buffer(this, name + ".stdout");
        BoundedOutput err = OutputSpill.buffer(this, name + ".stderr");
        Optional<CommandResult> viaHelper = helpers.run(session(display), command, display, out, err);
        if (viaHelper.isPresent()) {
            return viaHelper.get();
        }
        ExecChannel.Outcome outcome = exec(GuestClock.wrap(display), display, null, out, err,
                command.timeout());
        GuestClock.Parsed parsed = GuestClock.parse(err.text());
        return new CommandResult(display, outcome.exitStatus(), out.text(), parsed.stderr(),
                outcome.startNanos(), outcome.endNanos(), parsed.guestElapsedNanos());
    }

    /** Runs one exec channel; {@code stdin} is null for commands that read nothing (no pump thread). */
    private ExecChannel.Outcome exec(String exec, String display, InputStream stdin, OutputStream out,
                                     BoundedOutput err, Duration timeout) {
        Session s = session(display);
        ExecChannel channel = ExecChannel.open(s, exec, stdin, out, err, name);
        try {
            ExecChannel.Outcome outcome = channel.await(timeout);
            if (outcome.timedOut()) {
                String partial = err.text();
                kill(s, GuestClock.pid(partial));
                channel.close();
                String stdout = out instanceof BoundedOutput b ? b.text() : "";
                throw new CommandTimeoutException(display, timeout, stdout + GuestClock.parse(partial).stderr());
            }
            if (outcome.lost()) {
                throw new GuestException(name + ": the SSH connection to " + endpoint + " was lost while running " + display
                        + "; the command's outcome is unknown");
            }
            return outcome;
        } catch (InterruptedException e) {
            kill(s, GuestClock.pid(err.text()));
            Thread.currentThread().interrupt();
            throw new GuestException(name + ": interrupted while running " + display, e);
        } finally {
            channel.close();
        }
    }

    /**
     * Ends this guest's exec helper for good: later commands open one SSH channel each, as they
     * did before the helper (the selftest measures both ways side by side).
     */
    public void stopExecHelper() {
        helpers.stop();
    }

    /** Kills the wrapper's process tree through a second channel of the same session; best effort. */
    private void kill(Session s, OptionalLong pid) {
        if (pid.isEmpty() || !s.isConnected()) {
            return;
        }
        BoundedOutput sink = new BoundedOutput();
        try {
            ExecChannel.open(s, GuestClock.killTree(pid.getAsLong()), null, sink, sink, name)
                    .awaitAndClose(KILL_LIMIT);
        } catch (GuestException | InterruptedException e) {
            // the guest or its connection is gone: nothing left to kill from here
        }
    }

    @Override
    public void copyIn(Path hostFile, String guestPath) {
        requireAbsolute(guestPath);
        String parent = guestPath.substring(0, Math.max(1, guestPath.lastIndexOf('/')));
        String exec = "mkdir -p " + Shell.quote(parent) + " && cat > " + Shell.quote(guestPath);
        BoundedOutput diagnostics = new BoundedOutput();
        try (InputStream in = Files.newInputStream(hostFile)) {
            ExecChannel.Outcome outcome = exec(exec, exec, in, diagnostics, diagnostics, COPY_TIMEOUT);
            if (outcome.exitStatus() != 0) {
                throw new GuestException(name + ": cannot copy " + hostFile + " to " + guestPath + ": "
                        + diagnostics.text().trim());
            }
        } catch (IOException e) {
            throw new GuestException(name + ": cannot read " + hostFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void copyOut(String guestPath, Path hostFile) {
        requireAbsolute(guestPath);
        String exec = "cat " + Shell.quote(guestPath);
        BoundedOutput err = new BoundedOutput();
        Path partial = hostFile.resolveSibling(hostFile.getFileName() + ".part");
        try {
            if (hostFile.toAbsolutePath().getParent() != null) {
                Files.createDirectories(hostFile.toAbsolutePath().getParent());
            }
            ExecChannel.Outcome outcome;
            try (OutputStream out = Files.newOutputStream(partial)) {
                outcome = exec(exec, exec, null, out, err, COPY_TIMEOUT);
            }
            if (outcome.exitStatus() != 0) {
                throw new GuestException(name + ": cannot copy " + guestPath + " out: " + err.text().trim());
            }
            Files.move(partial, hostFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GuestException(name + ": cannot write " + hostFile + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // a leftover .part file is harmless and named as such
            }
        }
    }

    private void requireAbsolute(String guestPath) {
        if (!guestPath.startsWith("/")) {
            throw new GuestException(name + ": guest paths must be absolute, got " + guestPath);
        }
    }

    /**
     * The transport's per-command overhead: the median host-clock span of {@code true}, run
     * {@code runs} times on the open session after one unmeasured warm-up.
     */
    public Duration calibrate(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("at least one run");
        }
        run("true");
        long[] spans = new long[runs];
        for (int i = 0; i < runs; i++) {
            CommandResult r = run("true").requireSuccess();
            spans[i] = r.hostEndNanos() - r.hostStartNanos();
        }
        Arrays.sort(spans);
        return Duration.ofNanos(runs % 2 == 1 ? spans[runs / 2] : (spans[runs / 2 - 1] + spans[runs / 2]) / 2);
    }

    /** Disconnects; safe to call more than once. */
    @Override
    public synchronized void close() {
        closed = true;
        helpers.close();
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuestException("interrupted while waiting for SSH", e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + endpoint + ")";
    }
}
