package org.virtbench.runner.budget;

import java.util.Locale;

/**
 * How a kind of backend stretches a workload's work against the bare host, and what bringing up its
 * guests costs. Declared from runs on this project's 2-core machines (no KVM): LXC guests run at
 * native speed and start in seconds; a QEMU guest under TCG emulates every instruction (bzip2 about
 * 8 times slower) and boots in 26-40 s, four at once in about 73 s.
 */
enum Slowdown {
    HOST(1.0, 0, 0),
    CONTAINER(1.05, 3, 0.5),
    EMULATED(8.0, 35, 8),
    VIRTUAL_MACHINE(1.3, 15, 2),
    /** A machine reached over SSH or a technology not recognised: a VM's figures, to err long. */
    OTHER(1.3, 15, 2);

    final double factor;
    private final double bootSeconds;
    private final double bootSecondsPerGuest;

    Slowdown(double factor, double bootSeconds, double bootSecondsPerGuest) {
        this.factor = factor;
        this.bootSeconds = bootSeconds;
        this.bootSecondsPerGuest = bootSecondsPerGuest;
    }

    /** Seconds to provision {@code n} guests and release them. */
    double bootSeconds(int n) {
        return bootSeconds + bootSecondsPerGuest * n;
    }

    /** The kind of a backend, from its {@link org.virtbench.backend.Backend#technology()}. */
    static Slowdown of(String technology) {
        String t = technology == null ? "" : technology.toLowerCase(Locale.ROOT);
        if (t.contains("bare metal")) {
            return HOST;
        }
        if (t.contains("tcg") || t.contains("emulat")) {
            return EMULATED;
        }
        if (t.contains("lxc") || t.contains("container") || t.contains("os-level")) {
            return CONTAINER;
        }
        if (t.contains("kvm") || t.contains("qemu")) {
            return VIRTUAL_MACHINE;
        }
        return OTHER;
    }
}
