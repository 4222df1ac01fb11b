package org.virtbench.runner.start;

import java.io.IOException;
import java.util.Optional;

/**
 * Probes a waiting guest's own wall clock against the host's monotonic clock (see
 * {@link StartWrapper#probeLine}). The {@link StartLine} probes every own-clock guest once more,
 * one after another, when all are seated and before it releases them: then nothing else runs on
 * the guests' behalf, so the round trips are short, where the transport's first probes ran while
 * the other guests were still being started.
 */
@FunctionalInterface
public interface ClockProbe {
    /**
     * A few probes, bounded in time.
     *
     * @return the offset of the probe with the shortest round trip; empty when none was answered in time
     * @throws IOException when the probe cannot be written (the guest is gone)
     */
    Optional<WallClock.Offset> probe() throws IOException, InterruptedException;
}
