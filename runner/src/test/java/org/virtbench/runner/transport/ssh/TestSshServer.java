package org.virtbench.runner.transport.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * A real SSH server in the test's own process (Apache MINA SSHD) on 127.0.0.1: exec requests run
 * as {@code /bin/sh -c COMMAND} on this machine, the way OpenSSH's sshd runs them in a guest.
 * It authenticates the virtbench client key only and counts every authentication attempt.
 */
final class TestSshServer implements AutoCloseable {
    private final KeyPair hostKey;
    private final Path authorizedKeys;
    private final AtomicInteger authAttempts = new AtomicInteger();
    private SshServer server;
    private int port;

    private TestSshServer(KeyPair hostKey, Path authorizedKeys) {
        this.hostKey = hostKey;
        this.authorizedKeys = authorizedKeys;
    }

    /** Starts a server on a free port with a fresh ECDSA host key, accepting the key in {@code authorizedKeys}. */
    static TestSshServer start(Path authorizedKeys) throws IOException {
        TestSshServer s = new TestSshServer(newHostKey(), authorizedKeys);
        s.startOn(0);
        return s;
    }

    static KeyPair newHostKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException | java.security.InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startOn(int wantedPort) throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(wantedPort);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        AuthorizedKeysAuthenticator keys = new AuthorizedKeysAuthenticator(authorizedKeys);
        sshd.setPublickeyAuthenticator((user, key, session) -> {
            authAttempts.incrementAndGet();
            return "root".equals(user) && keys.authenticate(user, key, session);
        });
        sshd.setCommandFactory((channel, command) -> new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel));
        sshd.start();
        server = sshd;
        port = sshd.getPort();
    }

    /** Stops the server, dropping every open session at once. */
    void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    /** Starts again on the same port with the same host key, as a rebooted guest would be. */
    void restart() throws IOException {
        stop();
        startOn(port);
    }

    int port() {
        return port;
    }

    int authAttempts() {
        return authAttempts.get();
    }

    /** The host key as the image would pin it. */
    PinnedHostKey pinnedKey() {
        return PinnedHostKey.parse(PublicKeyEntry.toString(hostKey.getPublic()), "test server");
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
