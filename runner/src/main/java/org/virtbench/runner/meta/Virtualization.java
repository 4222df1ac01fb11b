package org.virtbench.runner.meta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What virtualization a machine sees itself running under, the way Phoronix's "system layer"
 * detection works: ask {@code systemd-detect-virt} where it is installed, else read the traces
 * every technology leaves (DMI strings of the virtual firmware, the CPU's {@code hypervisor} flag,
 * {@code /sys/hypervisor}, the paravirtual clock, OpenVZ's {@code /proc/vz}, the {@code container=}
 * variable a container manager hands PID 1, cgroup paths). One shell command ({@link #SCRIPT})
 * gathers the traces as {@code key=value} lines; {@link #parse} decides.
 *
 * @param kind     {@code vm}, {@code container} or {@code none}
 * @param name     the technology as systemd-detect-virt names it ({@code kvm}, {@code qemu},
 *                 {@code xen}, {@code oracle}, {@code lxc}, {@code openvz}...), {@code none}
 *                 on bare metal
 * @param evidence the traces that decided, for a reader who doubts the answer
 */
public record Virtualization(String kind, String name, String evidence) {
    /**
     * Reads the traces; POSIX sh, no tool beyond coreutils/grep, every read allowed to fail.
     * Reading {@code /proc/1/environ} needs root, which virtbench's guests log in as.
     */
    public static final String SCRIPT = String.join("\n",
            "v=$(systemd-detect-virt 2>/dev/null) && echo \"systemd=$v\"",
            "[ \"$v\" = none ] && echo systemd=none",
            "v=$(systemd-detect-virt --container 2>/dev/null) && echo \"systemd.container=$v\"",
            "for f in sys_vendor product_name bios_vendor; do",
            "  [ -r /sys/class/dmi/id/$f ] && echo \"dmi.$f=$(cat /sys/class/dmi/id/$f 2>/dev/null)\"",
            "done",
            "grep -qw hypervisor /proc/cpuinfo 2>/dev/null && echo cpu.hypervisor=yes",
            "[ -r /sys/hypervisor/type ] && echo \"hypervisor.type=$(cat /sys/hypervisor/type 2>/dev/null)\"",
            "[ -r /sys/hypervisor/guest_type ] && echo \"hypervisor.guest_type=$(cat /sys/hypervisor/guest_type 2>/dev/null)\"",
            "c=/sys/devices/system/clocksource/clocksource0/current_clocksource",
            "[ -r $c ] && echo \"clocksource=$(cat $c 2>/dev/null)\"",
            "[ -d /proc/vz ] && echo proc.vz=yes",
            "[ -d /proc/bc ] && echo proc.bc=yes",
            "[ -e /.dockerenv ] && echo dockerenv=yes",
            "[ -r /run/systemd/container ] && echo \"container.file=$(cat /run/systemd/container 2>/dev/null)\"",
            "e=$(tr '\\0' '\\n' </proc/1/environ 2>/dev/null | grep -m1 '^container=') && echo \"environ.$e\"",
            "g=$(grep -m1 -oE '(lxc|docker|libpod|machine\\.slice|kubepods)' /proc/self/cgroup 2>/dev/null) && echo \"cgroup=$g\"",
            "true");

    private static final Map<String, String> DMI_VENDORS = Map.of(
            "qemu", "qemu", "innotek gmbh", "oracle", "oracle corporation", "oracle", "vmware, inc.", "vmware",
            "xen", "xen", "microsoft corporation", "microsoft", "bochs", "bochs", "parallels software international inc.",
            "parallels", "amazon ec2", "amazon", "google", "google");

    /** Decides from the output of {@link #SCRIPT}. */
    public static Virtualization parse(String output) {
        Map<String, String> t = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !t.containsKey(line.substring(0, eq).trim())) {
                t.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        List<String> evidence = new ArrayList<>();
        t.forEach((k, v) -> evidence.add(k + "=" + v));
        String because = String.join("; ", evidence);
        Optional<String> container = container(t);
        String systemd = t.getOrDefault("systemd", "");
        if (!systemd.isEmpty()) {
            boolean isContainer = !t.getOrDefault("systemd.container", "none").equals("none");
            return new Virtualization(systemd.equals("none") ? "none" : isContainer ? "container" : "vm", systemd,
                    because);
        }
        if (container.isPresent()) {
            return new Virtualization("container", container.get(), because);
        }
        Optional<String> vm = vm(t);
        return vm.map(name -> new Virtualization("vm", name, because))
                .orElseGet(() -> new Virtualization("none", "none", because));
    }

    private static Optional<String> container(Map<String, String> t) {
        String environ = t.getOrDefault("environ.container", "");
        if (!environ.isEmpty()) {
            return Optional.of(environ);
        }
        String file = t.getOrDefault("container.file", "");
        if (!file.isEmpty()) {
            return Optional.of(file);
        }
        if (t.containsKey("proc.vz") && !t.containsKey("proc.bc")) {
            return Optional.of("openvz"); // /proc/vz without /proc/bc: inside a container, not on its host
        }
        if (t.containsKey("dockerenv")) {
            return Optional.of("docker");
        }
        String cgroup = t.getOrDefault("cgroup", "");
        return switch (cgroup) {
            case "lxc" -> Optional.of("lxc");
            case "docker" -> Optional.of("docker");
            case "libpod" -> Optional.of("podman");
            default -> Optional.empty();
        };
    }

    private static Optional<String> vm(Map<String, String> t) {
        String xen = t.getOrDefault("hypervisor.type", "");
        if (xen.equals("xen")) {
            String guest = t.getOrDefault("hypervisor.guest_type", "").toLowerCase(Locale.ROOT);
            return Optional.of(guest.isEmpty() ? "xen" : "xen-" + guest);
        }
        boolean kvmClock = t.getOrDefault("clocksource", "").equals("kvm-clock");
        for (String field : List.of("dmi.sys_vendor", "dmi.bios_vendor")) {
            String vendor = t.getOrDefault(field, "").toLowerCase(Locale.ROOT);
            if (DMI_VENDORS.containsKey(vendor)) {
                String name = DMI_VENDORS.get(vendor);
                // QEMU's firmware looks the same with and without KVM; KVM's paravirtual clock tells them apart.
                return Optional.of(name.equals("qemu") && kvmClock ? "kvm" : name);
            }
        }
        if (t.getOrDefault("dmi.product_name", "").toLowerCase(Locale.ROOT).contains("virtualbox")) {
            return Optional.of("oracle");
        }
        if (kvmClock) {
            return Optional.of("kvm");
        }
        if (t.getOrDefault("clocksource", "").equals("xen")) {
            return Optional.of("xen");
        }
        return t.containsKey("cpu.hypervisor") ? Optional.of("vm-other") : Optional.empty();
    }
}
