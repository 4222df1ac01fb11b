package org.virtbench.runner.start;

import java.util.Optional;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestException;

/**
 * What a {@link GatedGuest}'s transport keeps between {@link GatedGuest#armStartGate} and the
 * command that takes the seat: the seat, and which shell runs the {@link StartWrapper} in that
 * guest (found once: {@code bash} stamps the clock without starting a process; any sh will do).
 */
public final class Arming {
    private volatile StartLine.Seat armed;
    private volatile String shell;

    /** Arms the gate for {@code guest}'s next command, finding its shell the first time. */
    public void arm(Guest guest, StartLine.Seat seat) {
        if (shell == null) {
            try {
                shell = guest.hasCommand("bash") ? "bash" : "/bin/sh";
            } catch (GuestException e) {
                // the guest cannot be reached: the gated command will say so when it fails to start
            }
        }
        armed = seat;
    }

    /** Disarms without handing the seat to anyone. */
    public void disarm() {
        armed = null;
    }

    /** The armed seat, disarming: only the next command after arming waits at the gate. */
    public Optional<StartLine.Seat> take() {
        StartLine.Seat seat = armed;
        armed = null;
        return Optional.ofNullable(seat);
    }

    /** The shell that runs the wrapper: {@code bash} where the guest has it, else {@code /bin/sh}. */
    public String shell() {
        return shell == null ? "/bin/sh" : shell;
    }
}
