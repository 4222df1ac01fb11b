package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.transport.BoundedOutput;
import org.virtbench.runner.transport.exec.ExecHelper;
import org.virtbench.runner.transport.exec.ExecHelperPool;
import org.virtbench.runner.transport.exec.HelperDiedException;

/**
 * An SSH guest's exec helpers, tied to the session they run on: a new session (after a
 * reconnect) gets new helpers, since the old ones went with their channels. A helper that cannot
 * start on a session (see {@link HelperChannel}) is logged once per session by the pool, whose
 * empty answer makes the guest open one channel per command.
 */
final class SessionHelpers implements AutoCloseable {
    /** Where the helper's program comes from: the host's build, or another one in a test. */
    @FunctionalInterface
    interface Program {
        Path path() throws IOException;
    }

    private final String guest;
    private final SshEndpoint endpoint;
    private final Program program;
    private ExecHelperPool pool;
    private Session session;
    private boolean stopped;

    SessionHelpers(String guest, SshEndpoint endpoint, Program program) {
        this.guest = guest;
        this.endpoint = endpoint;
        this.program = program;
    }

    /**
     * One command through the session's exec helper, with the helper's elapsed time as the guest's.
     *
     * @return empty when no helper can start on this session: the caller opens a channel itself
     * @throws GuestException when the helper's channel was lost while the command ran (its outcome
     *                        is unknown; the next command starts a new helper)
     */
    Optional<CommandResult> run(Session current, Command command, String display, BoundedOutput out,
                                BoundedOutput err) {
        ExecHelperPool helpers;
        synchronized (this) {
            if (stopped) {
                return Optional.empty();
            }
            if (session != current) {
                if (pool != null) {
                    pool.close();
                }
                pool = new ExecHelperPool(guest, "one SSH exec channel per command", () -> start(current));
                session = current;
            }
            helpers = pool;
        }
        try {
            return helpers.run(command, true, out, err);
        } catch (CommandTimeoutException e) {
            throw e;
        } catch (GuestException e) {
            if (e.getCause() instanceof HelperDiedException && !Thread.currentThread().isInterrupted()) {
                // the helper sees its channel close before JSch sees the session go: either way
                throw new GuestException(guest + ": the exec helper's SSH channel to " + endpoint + " was lost (the "
                        + "connection dropped or the helper died) while running " + display
                        + "; the command's outcome is unknown: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private ExecHelper start(Session s) throws IOException {
        return HelperChannel.start(s, guest, program.path());
    }

    /** Ends the helpers for good: every later command opens a channel of its own. */
    synchronized void stop() {
        stopped = true;
        close();
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
        session = null;
    }
}
