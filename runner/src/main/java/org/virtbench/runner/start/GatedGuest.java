package org.virtbench.runner.start;

import org.virtbench.guest.Guest;

/**
 * A guest whose transport can hold a command at a {@link StartLine}: the command is started in
 * the guest behind {@link StartWrapper}, and runs only when the line opens. The runner arms the
 * gate before a trial's measure; the guest's next command takes the seat.
 */
public interface GatedGuest extends Guest {
    /**
     * Makes the next command run on this guest wait at {@code seat}. Called on the thread that will
     * run the guest's measure, before it does. The command that takes the seat calls
     * {@link StartLine.Seat#ready} or {@link StartLine.Seat#leave}, and {@link StartLine.Seat#finished}.
     */
    void armStartGate(StartLine.Seat seat);

    /** Lets the next command run ungated again; the seat is left to the caller. */
    void disarmStartGate();
}
