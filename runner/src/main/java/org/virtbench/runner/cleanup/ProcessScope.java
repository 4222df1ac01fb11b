package org.virtbench.runner.cleanup;

/**
 * The runner process's root {@link CleanupScope} and its one shutdown hook. On Ctrl-C or SIGTERM
 * the hook closes the root: the last registered first, so a campaign's engine seals its journal
 * before its guests are released, and the campaign's report is waited for last. SIGKILL cannot be
 * caught: backends sweep what a killed run left on their next start.
 *
 * <p>No other part of the runner adds a shutdown hook: what must be released when the JVM stops is
 * registered here (through {@link CleanupScope#current()}, or a {@link CleanupScope#child child}).
 */
public final class ProcessScope {
    private static final CleanupScope ROOT = new CleanupScope("the virtbench process");
    private static final Thread HOOK = new Thread(ProcessScope::release, "virtbench-shutdown");

    static {
        try {
            Runtime.getRuntime().addShutdownHook(HOOK);
        } catch (IllegalStateException e) {
            // first used while the JVM stops: nothing was registered before, so nothing is lost
        }
    }

    private ProcessScope() {
    }

    /** The root scope, closed when the JVM stops. */
    public static CleanupScope root() {
        return ROOT;
    }

    private static void release() {
        try {
            ROOT.close();
        } catch (RuntimeException | Error e) {
            System.err.println("virtbench: releasing on shutdown failed: " + e.getMessage());
            for (Throwable more : e.getSuppressed()) {
                System.err.println("virtbench: also: " + more.getMessage());
            }
        }
    }
}
