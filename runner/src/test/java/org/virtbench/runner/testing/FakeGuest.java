package org.virtbench.runner.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.GuestFacts;
import org.virtbench.guest.PeerHost;

/** A guest that runs nothing: every command succeeds at once, except {@code command -v} of missing tools. */
public final class FakeGuest implements PeerHost {
    private final String name;
    private final int index;
    private final Set<String> missing;

    public FakeGuest(String name, int index, Set<String> missing) {
        this.name = name;
        this.index = index;
        this.missing = Set.copyOf(missing);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public String address() {
        return "192.0.2." + (10 + index);
    }

    @Override
    public String workDir() {
        return "/nonexistent/" + name;
    }

    @Override
    public CommandResult run(Command command) {
        long now = System.nanoTime();
        return new CommandResult(command.toString(), 0, "", "", now, now, OptionalLong.empty());
    }

    @Override
    public boolean hasCommand(String command) {
        return !missing.contains(command);
    }

    @Override
    public GuestFacts facts() {
        return new GuestFacts("fake-kernel", 1, 1L << 30, Map.of());
    }

    @Override
    public void copyIn(Path hostFile, String guestPath) {
    }

    @Override
    public void copyOut(String guestPath, Path hostFile) {
    }
}
