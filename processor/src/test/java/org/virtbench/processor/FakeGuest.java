package org.virtbench.processor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.PeerHost;

/**
 * A guest that runs nothing: it records what workloads tell it, for tests of generated plans. It
 * is a {@link PeerHost} too, so one class serves as guest and as peer.
 */
public final class FakeGuest implements PeerHost {
    private final String name;
    /** Every command run, in order, as its argv joined by spaces. */
    public final List<String> log = new ArrayList<>();

    public FakeGuest(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int index() {
        return 0;
    }

    @Override
    public String address() {
        return "192.0.2.1";
    }

    @Override
    public String workDir() {
        return "/var/tmp/" + name;
    }

    @Override
    public CommandResult run(Command command) {
        log.add(String.join(" ", command.argv()));
        // every command takes 1.5 s on the host's clock
        return new CommandResult(command.toString(), 0, "", "", 0, 1_500_000_000L, OptionalLong.empty());
    }

    @Override
    public void copyIn(Path hostFile, String guestPath) {
        log.add("copyIn " + guestPath);
    }

    @Override
    public void copyOut(String guestPath, Path hostFile) {
        log.add("copyOut " + guestPath);
    }
}
