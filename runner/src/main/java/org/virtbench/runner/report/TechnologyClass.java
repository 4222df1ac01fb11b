package org.virtbench.runner.report;

import java.util.Locale;
import java.util.Optional;

/** The paper's four technology classes (its section 3), as a backend's technology string maps onto them. */
enum TechnologyClass {
    OS_LEVEL("OS-level", "Linux-VServer, OpenVZ"),
    FULL_EMULATION("full emulation", "QEMU, KQEMU"),
    HARDWARE_ASSISTED("hardware-assisted", "KVM"),
    PARA_VIRTUALIZATION("para-virtualization", "Xen");

    final String label;
    final String paperSystems;

    TechnologyClass(String label, String paperSystems) {
        this.label = label;
        this.paperSystems = paperSystems;
    }

    /**
     * The class of a backend's technology ({@code LXC (OS-level)}, {@code QEMU (TCG)}, {@code KVM},
     * {@code Xen}, ...); empty for bare metal and for what the paper has no class for.
     */
    static Optional<TechnologyClass> of(String technology) {
        if (technology == null) {
            return Optional.empty();
        }
        String t = technology.toLowerCase(Locale.ROOT);
        if (t.contains("bare metal")) {
            return Optional.empty();
        }
        if (t.contains("kvm")) {
            return Optional.of(HARDWARE_ASSISTED);
        }
        if (t.contains("xen")) {
            return Optional.of(PARA_VIRTUALIZATION);
        }
        if (t.contains("lxc") || t.contains("os-level") || t.contains("openvz") || t.contains("vserver")
                || t.contains("container")) {
            return Optional.of(OS_LEVEL);
        }
        if (t.contains("qemu") || t.contains("tcg")) {
            return Optional.of(FULL_EMULATION);
        }
        return Optional.empty();
    }
}
