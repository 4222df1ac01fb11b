package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.util.Arrays;
import java.util.Optional;

/**
 * JSch's host key store reduced to one pinned key: {@link #check} accepts exactly that blob and
 * reports every other key as changed; {@link #add} never stores anything, so JSch cannot learn a
 * key on its own. The key a refused server offered is kept for the error message.
 */
final class PinnedHostKeyRepository implements HostKeyRepository {
    private final PinnedHostKey pinned;
    private final byte[] blob;
    private volatile byte[] refused;

    PinnedHostKeyRepository(PinnedHostKey pinned) {
        this.pinned = pinned;
        this.blob = pinned.blob();
    }

    @Override
    public int check(String host, byte[] key) {
        if (Arrays.equals(blob, key)) {
            return OK;
        }
        refused = key.clone();
        return CHANGED;
    }

    /** The key of the last server that was refused, if one was. */
    Optional<byte[]> refusedKey() {
        byte[] key = refused;
        return Optional.ofNullable(key == null ? null : key.clone());
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Never learn a key: the pinned one is the only one.
    }

    @Override
    public void remove(String host, String type) {
        // Nothing stored to remove.
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // Nothing stored to remove.
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "virtbench pinned host key (" + pinned.origin() + ")";
    }

    @Override
    public HostKey[] getHostKey() {
        return getHostKey(null, null);
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        if (type != null && !type.equals(pinned.type())) {
            return new HostKey[0];
        }
        try {
            return new HostKey[] {new HostKey(host == null ? "" : host, blob)};
        } catch (JSchException e) {
            return new HostKey[0];
        }
    }
}
