package org.virtbench.runner.transport.exec;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.virtbench.guest.Command;

/**
 * One command for the exec helper: the argv spawned as given (no shell), variables added to the
 * helper's environment, the working directory as the guest sees it, and the time after which the
 * helper kills the command's process group.
 */
public record ExecRequest(List<String> argv, Map<String, String> environment, Optional<String> workingDirectory,
                          Duration timeout) {
    public ExecRequest {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory);
        Objects.requireNonNull(timeout);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("an exec request needs a program");
        }
        environment.keySet().forEach(key -> {
            if (key.isEmpty() || key.indexOf('=') >= 0) {
                throw new IllegalArgumentException("environment variable name must be non-empty without '=': " + key);
            }
        });
    }

    /** The request for a guest command: its argv, environment, directory and timeout. */
    public static ExecRequest of(Command command) {
        return new ExecRequest(command.argv(), command.environment(), command.workingDirectory(), command.timeout());
    }

    /** The request's frame as the helper reads it: a big-endian length, then the fields (see vb-exec.c). */
    byte[] frame() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeInt(argv.size());
            for (String arg : argv) {
                string(out, arg);
            }
            out.writeInt(environment.size());
            for (Map.Entry<String, String> e : environment.entrySet()) {
                string(out, e.getKey() + "=" + e.getValue());
            }
            string(out, workingDirectory.orElse(""));
            out.writeLong(timeout.isZero() || timeout.isNegative() ? 0 : Math.max(1, timeout.toMillis()));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        byte[] bytes = body.toByteArray();
        byte[] framed = new byte[bytes.length + 4];
        framed[0] = (byte) (bytes.length >>> 24);
        framed[1] = (byte) (bytes.length >>> 16);
        framed[2] = (byte) (bytes.length >>> 8);
        framed[3] = (byte) bytes.length;
        System.arraycopy(bytes, 0, framed, 4, bytes.length);
        return framed;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an argument or variable cannot hold a NUL byte: " + s);
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
