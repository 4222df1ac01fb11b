package org.virtbench.runner.backend.qemu;

import java.util.List;

/**
 * How QEMU runs the guest's code: translated in software (TCG, the paper's "QEMU" row) or on
 * the processor itself through the kernel's KVM (the paper's "KVM" row). The label is what
 * results and reports show, never just "qemu".
 */
public enum Accelerator {
    /** Software translation. The translation cache is bounded: QEMU's default for a small guest costs a gigabyte of host memory. */
    TCG("tcg", "QEMU (TCG)", List.of("-accel", "tcg,tb-size=" + Accelerator.TB_SIZE_MIB, "-cpu", "max")),
    /** Hardware-assisted virtualization through /dev/kvm; the guest sees the host's CPU model. */
    KVM("kvm", "KVM", List.of("-accel", "kvm", "-cpu", "host"));

    /** TCG's translation cache in MiB; 64 keeps a 128 MiB guest near 255 MB resident. */
    public static final int TB_SIZE_MIB = 64;

    private final String id;
    private final String technology;
    private final List<String> qemuArguments;

    Accelerator(String id, String technology, List<String> qemuArguments) {
        this.id = id;
        this.technology = technology;
        this.qemuArguments = qemuArguments;
    }

    /** {@code tcg} or {@code kvm}, as QEMU and the backend argument {@code accel=} spell it. */
    public String id() {
        return id;
    }

    /** {@code QEMU (TCG)} or {@code KVM}: the technology as the paper and the reports name it. */
    public String technology() {
        return technology;
    }

    /** The QEMU arguments that select it: {@code -accel} and the matching {@code -cpu}. */
    public List<String> qemuArguments() {
        return qemuArguments;
    }
}
