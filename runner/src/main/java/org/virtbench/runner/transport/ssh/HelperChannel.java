package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.virtbench.runner.transport.BoundedOutput;
import org.virtbench.runner.transport.exec.ExecHelper;
import org.virtbench.runner.transport.exec.HelperDiedException;

/**
 * The exec helper of an SSH guest, brought and run on one exec channel of the guest's session:
 * the channel's shell makes a fresh private folder ({@code mktemp -d}, mode 0700), reads exactly
 * the helper's bytes from the channel's input into it and starts the helper on the same channel,
 * whose two streams then carry the helper's protocol. Each command is then one request on that
 * channel instead of an SSH channel of its own (open, exec request, a shell, close: tens of ms on
 * a software-emulated guest).
 *
 * <p>Nothing of the helper outlives it: it removes its file once running, and its shell removes
 * the folder when it ends, which it does when its input ends: when the guest is closed, and also
 * when the connection dies with a killed run (sshd then closes the channel's pipes). The folder is
 * never the guest's work folder, which its provisioner makes and must find absent.
 */
final class HelperChannel {
    /** How long the helper may take to arrive and say hello: a loaded, emulated guest is slow. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    /** How long the helper may take to end by itself once its input is closed. */
    private static final Duration END_LIMIT = Duration.ofSeconds(2);

    private HelperChannel() {
    }

    /**
     * The channel's shell command for a helper of {@code size} bytes. The client sends nothing
     * after the program until the helper's hello, so {@code head -c} cannot read into the protocol.
     * A program that does not run there (another architecture) or a copy cut short fails at the
     * exec, and the folder goes all the same.
     */
    static String script(long size) {
        return "umask 077; d=$(mktemp -d) || exit 125; head -c " + size + " > \"$d/vb-exec\" && chmod 700 \"$d/vb-exec\""
                + " && \"$d/vb-exec\" --unlink; s=$?; rm -rf \"$d\"; exit $s";
    }

    /**
     * Brings the helper into the guest and starts it.
     *
     * @throws IOException when the channel fails or the helper does not answer (the message holds
     *                     what the guest printed, such as an exec format error or mktemp's complaint)
     */
    static ExecHelper start(Session session, String guest, Path binary) throws IOException {
        long size = Files.size(binary);
        BoundedOutput err = new BoundedOutput();
        ChannelExec channel;
        InputStream in;
        OutputStream out;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(script(size).getBytes(StandardCharsets.UTF_8));
            channel.setErrStream(err, true);
            // not channel.getInputStream(): JSch's pipe fails once the thread that last read it ends
            ChannelPipe pipe = new ChannelPipe();
            channel.setOutputStream(pipe.output(), false);
            in = pipe.input();
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
            // A guest that stops reading stalls this write until the session's keepalive drops it.
            Files.copy(binary, out);
            out.flush();
        } catch (IOException e) {
            end(channel, out);
            throw new IOException("cannot copy the exec helper into the guest: " + e.getMessage() + said(err), e);
        }
        try {
            return ExecHelper.attach(guest, started, in, out, () -> end(channel, out), START_LIMIT);
        } catch (HelperDiedException e) {
            end(channel, out);
            throw new HelperDiedException(e.getMessage() + said(err), e);
        }
    }

    private static String said(BoundedOutput err) {
        String text = err.text().strip();
        return text.isEmpty() ? "" : "; the guest said: " + text;
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
}
