package org.virtbench.runner.transport;

/**
 * Chooses how the JDK starts processes. On Linux the default, {@code POSIX_SPAWN}, runs every
 * command through the {@code jspawnhelper} program, an extra exec that costs about 2 ms a command
 * on the development machine; {@code VFORK} starts the command directly and brings the per-command
 * overhead down to hyperfine's. The JDK reads the setting once, when it first starts a process, so
 * this must run before any process is started.
 */
public final class LaunchMechanism {
    private static final String PROPERTY = "jdk.lang.Process.launchMechanism";

    private LaunchMechanism() {
    }

    /** Selects {@code VFORK} unless the user chose a mechanism with {@code -D}. */
    public static void preferVfork() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "VFORK");
        }
    }
}
