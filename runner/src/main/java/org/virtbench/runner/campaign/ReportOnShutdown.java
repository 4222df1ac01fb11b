package org.virtbench.runner.campaign;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a stopping JVM (Ctrl-C, SIGTERM) alive until the campaign has written its results and
 * report: a shutdown hook that waits, at most {@link #WAIT_SECONDS}, for the campaign's thread to
 * close this. The engine's own hook releases the guests meanwhile, which ends the cell that was
 * running; the campaign then writes what completed, the rest marked not run.
 */
final class ReportOnShutdown implements AutoCloseable {
    static final long WAIT_SECONDS = 120;

    private final CountDownLatch written = new CountDownLatch(1);
    private final Thread hook;

    ReportOnShutdown(CampaignEnvironment env) {
        hook = new Thread(() -> {
            try {
                if (!written.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    env.err().println("virtbench: stopping without the report (not written within " + WAIT_SECONDS
                            + " s); write it with 'virtbench report DIR'");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "virtbench-report-on-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The results and report are written (or could not be): the JVM may stop. */
    @Override
    public void close() {
        written.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and returns at once
        }
    }
}
