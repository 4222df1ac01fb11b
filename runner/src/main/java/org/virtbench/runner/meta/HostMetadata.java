package org.virtbench.runner.meta;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the results record about the machine the campaign ran on. A fact that could not be read is
 * null, never a placeholder.
 *
 * @param hostname         the kernel's host name
 * @param os               {@code PRETTY_NAME} of {@code /etc/os-release}
 * @param kernel           the kernel release, {@code uname -r}
 * @param cpuModel         {@code model name} of {@code /proc/cpuinfo}
 * @param cpus             CPUs this process may use
 * @param memoryBytes      {@code MemTotal}
 * @param configHz         the kernel's timer frequency, {@code CONFIG_HZ}, from {@code /boot/config-*} or {@code /proc/config.gz}
 * @param rootDisk         the block device the root filesystem lives on, such as {@code vda}
 * @param ioScheduler      that disk's active I/O scheduler, such as {@code mq-deadline} or {@code none}
 * @param virtualization   what the host itself runs on: {@code systemd-detect-virt}'s answer, or
 *                         {@code hypervisor} when only the CPU flag says so, or {@code none}
 * @param toolVersions     the first line a workload command printed for its version flag, by command
 * @param packageVersions  the installed Debian version of each package the workloads require
 */
public record HostMetadata(String hostname, String os, String kernel, String cpuModel, int cpus, Long memoryBytes,
                           Integer configHz, String rootDisk, String ioScheduler, String virtualization,
                           Map<String, String> toolVersions, Map<String, String> packageVersions) {
    public HostMetadata {
        toolVersions = new TreeMap<>(toolVersions);
        packageVersions = new TreeMap<>(packageVersions);
    }
}
