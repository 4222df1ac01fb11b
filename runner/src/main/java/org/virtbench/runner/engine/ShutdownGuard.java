package org.virtbench.runner.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.virtbench.backend.Provisioning;
import org.virtbench.runner.journal.Journal;

/**
 * Releases whatever a campaign holds when the JVM is stopped (Ctrl-C, SIGTERM): a shutdown hook
 * that first seals the journal, so the interrupted cell is not journaled as finished and is run
 * again on resume, then closes every open provisioning. SIGKILL cannot be caught: backends sweep
 * what a killed run left on their next start.
 */
final class ShutdownGuard implements AutoCloseable {
    private final Journal journal;
    private final Set<Provisioning> open = new LinkedHashSet<>();
    private final Thread hook;
    private volatile boolean stopping;

    ShutdownGuard(Journal journal) {
        this.journal = journal;
        this.hook = new Thread(this::release, "virtbench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    synchronized void opened(Provisioning provisioning) {
        open.add(provisioning);
    }

    synchronized void closed(Provisioning provisioning) {
        open.remove(provisioning);
    }

    /** True once the JVM is shutting down: the engine starts nothing new. */
    boolean stopping() {
        return stopping;
    }

    private void release() {
        stopping = true;
        journal.seal();
        List<Provisioning> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(open);
            open.clear();
        }
        for (Provisioning p : toClose) {
            try {
                p.close();
            } catch (RuntimeException e) {
                System.err.println("virtbench: releasing guests on shutdown failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
