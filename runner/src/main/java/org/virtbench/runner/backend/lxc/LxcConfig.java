package org.virtbench.runner.backend.lxc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The LXC configuration of one guest, written by hand rather than by {@code lxc-create}: no
 * template, no download, nothing but what a benchmark guest needs.
 *
 * <ul>
 *   <li>root filesystem: the host-side overlay mount point, as a plain directory, so that the
 *       host sees the guest's files at the same place (file copies need no transport);</li>
 *   <li>privileged, unconfined (no AppArmor profile, no seccomp filter), as the paper's
 *       OS-level systems were: the cost measured is that of namespaces and cgroups alone;</li>
 *   <li>{@code proc:mixed sys:ro cgroup:mixed}: the guest sees its own processes and cgroup, and
 *       cannot change the host's kernel settings;</li>
 *   <li>a veth pair whose host end joins the run's bridge, with a static address and the host as
 *       gateway, configured by LXC before the guest's init starts;</li>
 *   <li>a tmpfs on {@code /dev/shm}, which an autodev {@code /dev} lacks;</li>
 *   <li>the memory limit lines of the host's {@link CgroupLayout}.</li>
 * </ul>
 *
 * @param name        container name, also its host name and its host-side veth name (at most 15 characters)
 * @param rootfs      the guest's root directory on the host
 * @param bridge      the bridge the host end of the veth joins
 * @param address     the guest's IPv4 address
 * @param prefixLength the subnet's prefix length
 * @param gateway     the host's address on the bridge
 * @param memoryLines the memory limit lines, from {@link CgroupLayout#memoryConfig(long)}; empty for none
 */
public record LxcConfig(String name, Path rootfs, String bridge, String address, int prefixLength, String gateway,
                        List<String> memoryLines) {

    /** Linux interface names are at most 15 bytes; LXC names also become cgroup and file names. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,14}");

    public LxcConfig {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("container name must be 1-15 lower-case letters or digits: " + name);
        }
        if (rootfs.toString().contains("\n") || bridge.contains("\n")) {
            throw new IllegalArgumentException("a line break in a config value"); // would inject a key
        }
        memoryLines = List.copyOf(memoryLines);
    }

    /** The configuration file's text. */
    public String render() {
        List<String> lines = new ArrayList<>();
        lines.add("# virtbench guest " + name + ": generated for one run, removed with it");
        lines.add("lxc.uts.name = " + name);
        lines.add("lxc.rootfs.path = dir:" + rootfs);
        lines.add("lxc.apparmor.profile = unconfined");
        lines.add("lxc.mount.auto = proc:mixed sys:ro cgroup:mixed");
        lines.add("lxc.mount.entry = tmpfs dev/shm tmpfs rw,nosuid,nodev,create=dir 0 0");
        lines.add("lxc.autodev = 1");
        lines.add("lxc.tty.max = 0");
        lines.add("lxc.pty.max = 16");
        lines.add("lxc.console.path = none");
        lines.add("lxc.net.0.type = veth");
        lines.add("lxc.net.0.link = " + bridge);
        lines.add("lxc.net.0.veth.pair = " + name);
        lines.add("lxc.net.0.name = eth0");
        lines.add("lxc.net.0.flags = up");
        lines.add("lxc.net.0.ipv4.address = " + address + "/" + prefixLength);
        lines.add("lxc.net.0.ipv4.gateway = " + gateway);
        lines.addAll(memoryLines);
        return String.join("\n", lines) + "\n";
    }
}
