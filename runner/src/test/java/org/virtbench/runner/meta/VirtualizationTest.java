package org.virtbench.runner.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.virtbench.runner.transport.HostCommands;

/** The system-layer detector: its decisions on the traces each technology leaves, and a real run here. */
class VirtualizationTest {
    private static Virtualization of(String... lines) {
        return Virtualization.parse(String.join("\n", lines));
    }

    @Test
    void trustsSystemdDetectVirtWhereItAnswers() {
        assertEquals(new Virtualization("vm", "kvm", "systemd=kvm; systemd.container=none"),
                of("systemd=kvm", "systemd.container=none"));
        assertEquals("container", of("systemd=lxc", "systemd.container=lxc").kind());
        assertEquals("none", of("systemd=none", "dmi.sys_vendor=Dell Inc.").kind());
    }

    @Test
    void readsTheTracesWithoutSystemd() {
        assertEquals("qemu", of("dmi.sys_vendor=QEMU", "cpu.hypervisor=yes", "clocksource=tsc").name(), "TCG");
        assertEquals("kvm", of("dmi.sys_vendor=QEMU", "cpu.hypervisor=yes", "clocksource=kvm-clock").name());
        assertEquals("xen-pv", of("hypervisor.type=xen", "hypervisor.guest_type=PV").name());
        assertEquals("oracle", of("dmi.sys_vendor=innotek GmbH", "dmi.product_name=VirtualBox").name());
        assertEquals("vmware", of("dmi.sys_vendor=VMware, Inc.").name());
        assertEquals("openvz", of("proc.vz=yes").name(), "/proc/vz without /proc/bc: an OpenVZ container");
        assertEquals("none", of("proc.vz=yes", "proc.bc=yes").name(), "both: the OpenVZ host itself");
        assertEquals(new Virtualization("container", "lxc", "environ.container=lxc; dmi.sys_vendor=QEMU"),
                of("environ.container=lxc", "dmi.sys_vendor=QEMU"), "a container inside a VM is a container");
        assertEquals("lxc", of("cgroup=lxc").name());
        assertEquals("vm-other", of("cpu.hypervisor=yes").name());
        assertEquals(new Virtualization("none", "none", ""), of(""));
    }

    @Test
    void theScriptRunsOnThisMachine() {
        var r = HostCommands.run("/bin/sh", "-c", Virtualization.SCRIPT);
        assertEquals(0, r.exitCode(), r.output());
        Virtualization v = Virtualization.parse(r.stdout());
        assertTrue(v.kind().matches("vm|container|none"), v.toString());
        assertTrue(r.stdout().lines().allMatch(l -> l.contains("=")), r.stdout());
    }
}
