package org.virtbench.runner.start;

import java.util.List;

/**
 * When the start gate opened in one guest, on the host's monotonic clock: the instant its release
 * line named, or the moment the release reached it when that was later (the guest was late, and
 * started as soon as it could), or, for a guest told how long to hold rather than until when, the
 * release's arrival plus that hold.
 *
 * @param openNanos        host clock when the gate was to open in the guest
 * @param uncertaintyNanos how far the guest's own clock, on which it held, may sit from that
 *                         instant: half the round trip that related it to the host's (about 0 for a
 *                         guest on the host's kernel, which reads the host's own wall clock)
 * @param late             true when the release reached the guest after the instant it named
 */
public record GateOpening(long openNanos, long uncertaintyNanos, boolean late) {
    /**
     * How together the gate opened in these guests: the largest gap between any two of them, each
     * taken at the far end of its uncertainty (so an own-clock guest's share is never hidden by the
     * conversion that scheduled it); 0 for one guest.
     */
    public static long spread(List<GateOpening> openings) {
        long widest = 0;
        for (int i = 0; i < openings.size(); i++) {
            for (int j = 0; j < openings.size(); j++) {
                if (i != j) {
                    GateOpening a = openings.get(i);
                    GateOpening b = openings.get(j);
                    widest = Math.max(widest, a.openNanos + a.uncertaintyNanos - (b.openNanos - b.uncertaintyNanos));
                }
            }
        }
        return widest;
    }
}
