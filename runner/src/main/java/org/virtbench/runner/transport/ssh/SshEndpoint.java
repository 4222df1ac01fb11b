package org.virtbench.runner.transport.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom a guest's SSH server is reached.
 *
 * @param host           address or name of the guest
 * @param port           its SSH port
 * @param user           the account commands run as ({@code root} in virtbench's guests)
 * @param identity       the client's private key file (OpenSSH format), see {@link ClientKey}
 * @param hostKey        the only host key the guest may present
 * @param connectTimeout limit for one TCP connect plus key exchange and authentication
 */
public record SshEndpoint(String host, int port, String user, Path identity, PinnedHostKey hostKey, Duration connectTimeout) {

    /** The connect limit when none is given. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public SshEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(hostKey, "hostKey");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
    }

    /** Port 22, the default connect limit. */
    public static SshEndpoint of(String host, String user, Path identity, PinnedHostKey hostKey) {
        return new SshEndpoint(host, 22, user, identity, hostKey, DEFAULT_CONNECT_TIMEOUT);
    }

    /** A copy with another connect limit. */
    public SshEndpoint withConnectTimeout(Duration limit) {
        return new SshEndpoint(host, port, user, identity, hostKey, limit);
    }

    /** {@code user@host:port}, for messages. */
    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
