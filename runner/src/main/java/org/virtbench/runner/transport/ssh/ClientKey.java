package org.virtbench.runner.transport.ssh;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.virtbench.backend.BackendException;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.HostCommands;

/**
 * The client key virtbench logs into its guests with: an ECDSA P-256 pair generated once per cache
 * directory by OpenSSH's {@code ssh-keygen} (its format is read by JSch and by OpenSSH alike,
 * which the overhead benchmark needs), never shipped and never committed. ECDSA rather than
 * Ed25519 because every Java 17 SSH implementation handles it with the JDK's own providers,
 * the in-process test server included; Ed25519 would need an extra crypto library there.
 *
 * @param privateKey the private key file, mode 0600 in a 0700 directory
 * @param publicKey  the {@code .pub} file next to it
 */
public record ClientKey(Path privateKey, Path publicKey) {
    private static final String NAME = "id_ecdsa";

    /**
     * The key pair in {@code directory}, generated there first if it is missing. Safe against
     * other processes doing the same at the same time (a file lock serializes them).
     *
     * @throws BackendException when {@code ssh-keygen} is missing or fails
     */
    public static ClientKey ensure(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        ClientKey key = new ClientKey(dir.resolve(NAME), dir.resolve(NAME + ".pub"));
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                if (!Files.isRegularFile(key.privateKey) || !Files.isRegularFile(key.publicKey)) {
                    generate(key);
                }
                // a key an earlier version (or a hand) left readable by others is narrowed before use
                org.virtbench.runner.system.FileModes.narrow(key.privateKey, org.virtbench.runner.system.FileModes.OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new BackendException("cannot create the SSH client key in " + dir + ": " + e.getMessage(), e);
        }
        return key;
    }

    private static void generate(ClientKey key) throws IOException {
        if (!HostCommands.has("ssh-keygen")) {
            throw new BackendException("ssh-keygen is missing; install Debian's openssh-client (apt-get install openssh-client)");
        }
        Files.deleteIfExists(key.privateKey);
        Files.deleteIfExists(key.publicKey);
        CommandResult result = HostCommands.run(Command.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "",
                "-C", "virtbench-client", "-f", key.privateKey.toString()).withTimeout(Duration.ofSeconds(60)));
        if (!result.ok()) {
            throw new BackendException("ssh-keygen failed: " + result.output().trim());
        }
        Files.setPosixFilePermissions(key.privateKey, PosixFilePermissions.fromString("rw-------"));
    }

    /** The public key as one OpenSSH line, for an {@code authorized_keys} file. */
    public String publicKeyLine() {
        try {
            return Files.readString(publicKey, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new BackendException("cannot read " + publicKey + ": " + e.getMessage(), e);
        }
    }
}
