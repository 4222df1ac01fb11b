package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.virtbench.guest.Shell;
import org.virtbench.runner.transport.BoundedOutput;
import org.virtbench.runner.transport.exec.ExecHelper;
import org.virtbench.runner.transport.exec.HelperDiedException;

/**
 * The exec helper of an SSH guest: the static binary, already copied into the guest under a name
 * of its own, run on one exec channel of the guest's session whose two streams carry the
 * helper's protocol. Each command is then one request on that channel instead of an SSH channel
 * of its own (open, exec request, a shell, close: tens of ms on a software-emulated guest).
 * The helper removes its file once running; a copy it never ran is removed by the shell.
 */
final class HelperChannel {
    /** How long the helper may take to say hello: a loaded, emulated guest execs slowly. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private HelperChannel() {
    }

    /**
     * Starts the helper copied to {@code binaryInGuest}.
     *
     * @throws IOException when the channel cannot be opened or the helper does not answer (the
     *                     message holds what the guest printed, such as an exec format error)
     */
    static ExecHelper start(Session session, String guest, String binaryInGuest) throws IOException {
        String path = Shell.quote(binaryInGuest);
        String exec = "chmod 700 " + path + " && { " + path + " --unlink; s=$?; rm -f " + path + "; exit $s; }";
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
            return ExecHelper.attach(guest, started, in, out, channel::disconnect, START_LIMIT);
        } catch (HelperDiedException e) {
            String said = err.text().strip();
            throw new HelperDiedException(e.getMessage() + (said.isEmpty() ? "" : "; the guest said: " + said), e);
        }
    }
}
