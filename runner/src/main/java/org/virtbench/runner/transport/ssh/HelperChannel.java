package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.virtbench.guest.Shell;
import org.virtbench.runner.transport.BoundedOutput;
import org.virtbench.runner.transport.exec.ExecHelper;
import org.virtbench.runner.transport.exec.HelperDiedException;

/**
 * The exec helper of an SSH guest: the static binary copied into a fresh private folder of the
 * guest's ({@code mktemp -d}: the guest's own work folder may not exist yet when the first
 * command runs), then run on one exec channel of the guest's session whose two streams carry the
 * helper's protocol. Each command is then one request on that channel instead of an SSH channel
 * of its own (open, exec request, a shell, close: tens of ms on a software-emulated guest).
 * The helper removes its file once running and the shell its folder when it ends.
 */
final class HelperChannel {
    /** How long the helper may take to arrive and say hello: a loaded, emulated guest is slow. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    /** How long the helper may take to end by itself once its input is closed. */
    private static final Duration END_LIMIT = Duration.ofSeconds(2);
    private static final String COPY = "umask 077; d=$(mktemp -d) && cat > \"$d/vb-exec\" && chmod 700 \"$d/vb-exec\""
            + " && printf '%s' \"$d\"";

    private HelperChannel() {
    }

    /**
     * Copies the helper into the guest and starts it.
     *
     * @throws IOException when the copy or the channel fails or the helper does not answer (the
     *                     message holds what the guest printed, such as an exec format error)
     */
    static ExecHelper start(Session session, String guest, Path binary) throws IOException {
        String folder = copy(session, guest, binary);
        String path = Shell.quote(folder + "/vb-exec");
        String exec = path + " --unlink; s=$?; rm -rf " + Shell.quote(folder) + "; exit $s";
        BoundedOutput err = new BoundedOutput();
        ChannelExec channel;
        InputStream in;
        OutputStream out;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(exec.getBytes(StandardCharsets.UTF_8));
            channel.setErrStream(err, true);
            in = channel.getInputStream();
            out = channel.getOutputStream();
        } catch (JSchException e) {
            throw new IOException("cannot open an SSH channel for the exec helper: " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        try {
            channel.connect();
        } catch (JSchException e) {
            channel.disconnect();
            throw new IOException("cannot start the exec helper over SSH: " + e.getMessage(), e);
        }
        try {
            return ExecHelper.attach(guest, started, in, out, () -> end(channel, out), START_LIMIT);
        } catch (HelperDiedException e) {
            String said = err.text().strip();
            throw new HelperDiedException(e.getMessage() + (said.isEmpty() ? "" : "; the guest said: " + said), e);
        }
    }

    /**
     * Ends the helper: the end of its input first, on which it kills a command it runs and exits,
     * and its shell removes the folder; the channel closes itself then (a server may kill what a
     * channel still runs when the client closes it). Only what outlives {@link #END_LIMIT} is cut.
     */
    private static void end(ChannelExec channel, OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // the channel is gone already
        }
        long deadline = System.nanoTime() + END_LIMIT.toNanos();
        try {
            while (!channel.isClosed() && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.disconnect();
        }
    }

    /** Copies the binary into a new private folder of the guest's; returns the folder. */
    private static String copy(Session session, String guest, Path binary) throws IOException {
        BoundedOutput out = new BoundedOutput();
        BoundedOutput err = new BoundedOutput();
        try (InputStream data = Files.newInputStream(binary)) {
            ExecChannel.Outcome outcome = ExecChannel.open(session, COPY, data, out, err, guest)
                    .awaitAndClose(START_LIMIT);
            String folder = out.text().strip();
            if (outcome.exitStatus() != 0 || !folder.startsWith("/")) {
                throw new IOException("cannot copy the exec helper into the guest (status " + outcome.exitStatus()
                        + "): " + err.text().strip());
            }
            return folder;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying the exec helper", e);
        } catch (org.virtbench.guest.GuestException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
