package org.virtbench.runner.engine;

import org.virtbench.backend.Provisioning;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.cleanup.ProcessScope;
import org.virtbench.runner.journal.Journal;

/**
 * The campaign's part of the process's {@link CleanupScope}: a scope for its guests, in which each
 * cell's provisioning registers what it creates, and after it the sealing of the journal. The
 * process's one shutdown hook (Ctrl-C, SIGTERM) closes the last registered first, so it seals the
 * journal (the interrupted cell is not journaled as finished and runs again on resume), then
 * releases every provisioning, the last created first.
 */
final class ShutdownGuard implements AutoCloseable {
    private final CleanupScope guests;
    private final CleanupScope.Registration seal;
    private volatile boolean stopping;

    ShutdownGuard(Journal journal) {
        CleanupScope root = ProcessScope.root();
        guests = root.child("the campaign's guests");
        seal = root.register("the journal, sealed", () -> {
            stopping = true;
            journal.seal();
        });
    }

    /** The scope a cell's provisioning registers in: bind it around {@code Backend.provision}. */
    CleanupScope guests() {
        return guests;
    }

    /**
     * Registers a provisioning the backend handed over, so that it is released when the JVM stops
     * even if its backend registered nothing itself; closing the handle releases it.
     */
    CleanupScope.Registration opened(Provisioning provisioning) {
        return guests.register("provisioning " + provisioning.getClass().getSimpleName(), provisioning);
    }

    /** True once the JVM is shutting down: the engine starts nothing new. */
    boolean stopping() {
        return stopping;
    }

    /** The campaign ended: releases whatever a cell left (normally nothing) and unregisters the seal. */
    @Override
    public void close() {
        seal.forget();
        guests.close();
    }
}
