package org.virtbench.guest;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command to run in a guest: an argv list, never a shell string unless {@link #shell(String)}
 * asks for one explicitly. Immutable; the {@code with*} methods return modified copies.
 */
public final class Command {
    /** The limit a command gets when none is set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    private final List<String> argv;
    private final Map<String, String> environment;
    private final String workingDirectory;
    private final Duration timeout;

    private Command(List<String> argv, Map<String, String> environment, String workingDirectory, Duration timeout) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program name");
        }
        argv.forEach(a -> Objects.requireNonNull(a, "argv element"));
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.argv = List.copyOf(argv);
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.workingDirectory = workingDirectory;
        this.timeout = timeout;
    }

    /** The program and its arguments, passed as they are: no word splitting, no globbing. */
    public static Command of(String... argv) {
        return of(List.of(argv));
    }

    /** The program and its arguments, passed as they are. */
    public static Command of(List<String> argv) {
        return new Command(argv, Map.of(), null, DEFAULT_TIMEOUT);
    }

    /**
     * A script for {@code /bin/sh -c}. Use only where a shell feature is needed (a pipe, a
     * redirection); quote every value that comes from outside with {@link Shell#quote(String)}.
     */
    public static Command shell(String script) {
        return of("/bin/sh", "-c", script);
    }

    /** A copy with this limit; a command still running then is killed and reported as timed out. */
    public Command withTimeout(Duration limit) {
        return new Command(argv, environment, workingDirectory, limit);
    }

    /** A copy with one more environment variable, added to the guest's own environment. */
    public Command withEnv(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return new Command(argv, env, workingDirectory, timeout);
    }

    /** A copy that runs in this directory of the guest. */
    public Command withWorkingDirectory(String directory) {
        return new Command(argv, environment, Objects.requireNonNull(directory), timeout);
    }

    public List<String> argv() {
        return argv;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Optional<String> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    public Duration timeout() {
        return timeout;
    }

    /** The argv quoted for a shell, for transports that can only send a string (SSH) and for logs. */
    public String toShellString() {
        StringBuilder line = new StringBuilder();
        if (workingDirectory != null) {
            line.append("cd ").append(Shell.quote(workingDirectory)).append(" && ");
        }
        if (!environment.isEmpty()) {
            line.append("env");
            environment.forEach((k, v) -> line.append(' ').append(Shell.quote(k + "=" + v)));
            line.append(' ');
        }
        return line.append(Shell.join(argv)).toString();
    }

    @Override
    public String toString() {
        return toShellString();
    }
}
