package org.virtbench.runner.backend.ssh;

import java.nio.file.Path;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.GuestFacts;
import org.virtbench.guest.PeerHost;
import org.virtbench.runner.transport.ssh.SshGuest;

/** An inventory machine in the peer's role: an {@link SshGuest} seen as the {@link PeerHost}. */
final class SshPeer implements PeerHost {
    private final SshGuest guest;

    SshPeer(SshGuest guest) {
        this.guest = guest;
    }

    @Override
    public String name() {
        return guest.name();
    }

    @Override
    public int index() {
        return guest.index();
    }

    @Override
    public String address() {
        return guest.address();
    }

    @Override
    public String workDir() {
        return guest.workDir();
    }

    @Override
    public CommandResult run(Command command) {
        return guest.run(command);
    }

    @Override
    public void copyIn(Path hostFile, String guestPath) {
        guest.copyIn(hostFile, guestPath);
    }

    @Override
    public void copyOut(String guestPath, Path hostFile) {
        guest.copyOut(guestPath, hostFile);
    }

    @Override
    public GuestFacts facts() {
        return guest.facts();
    }

    @Override
    public String toString() {
        return "peer " + guest;
    }
}
