package org.virtbench.runner.backend.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The names a run gives its domains and volumes on a libvirt host, and the sweep of dead runs.
 * A name starts {@code vb-<owner>-<pid>-<start>-}: owner is a digest of this machine's
 * {@code /etc/machine-id} (unique per installation, unlike its host name, which two machines may
 * share), pid the JVM's and start its start time (base 36 seconds), so that a later run can tell,
 * without any state on the libvirt host, which leftovers are of this machine's runs whose process
 * is gone (a SIGKILLed campaign, or a pid reused since) and never touches the live runs of this
 * machine or the runs of other machines that share the host.
 */
final class RunNames {
    private RunNames() {
    }

    /** {@code vb-<owner>-<pid>-<start>-}: what the names of one JVM's runs start with. */
    static String prefix(String owner, ProcessHandle process) {
        return "vb-" + owner + "-" + process.pid() + "-" + startToken(process) + "-";
    }

    /** The process's start time in seconds, base 36; {@code 0} when the system does not tell. */
    static String startToken(ProcessHandle process) {
        return Long.toString(process.info().startInstant().map(java.time.Instant::getEpochSecond).orElse(0L), 36);
    }

    /** Six hex digits of this machine's id ({@code /etc/machine-id}, else the kernel's boot id). */
    static String ownerDigest() {
        String id;
        try {
            id = Files.readString(Path.of("/etc/machine-id")).trim();
        } catch (IOException e) {
            id = org.virtbench.runner.system.RunIdentity.currentBootId();
        }
        return MediaPool.digestOf("machine-id " + id).substring(0, 6);
    }

    /** Destroys the domains and deletes the volumes of this machine's runs whose JVM is gone. */
    static java.util.List<String> sweep(Connect conn, MediaPool pool) throws LibvirtException {
        java.util.List<String> removed = new java.util.ArrayList<>();
        String owner = ownerDigest();
        for (Domain d : conn.listAllDomains(0)) {
            if (dead(d.getName(), owner)) {
                try {
                    d.destroy();
                    removed.add("libvirt domain " + d.getName());
                } catch (LibvirtException e) {
                    // ended meanwhile
                }
            }
        }
        for (String vol : pool.volumes("vb-" + owner + "-")) {
            if (dead(vol, owner)) {
                pool.delete(vol);
                removed.add("libvirt volume " + vol);
            }
        }
        return removed;
    }

    /**
     * Whether a name is of a run of {@code owner} whose process no longer lives: no process of
     * that pid, or one that started at another time (the pid was reused).
     */
    static boolean dead(String name, String owner) {
        String start = "vb-" + owner + "-";
        if (!name.startsWith(start)) {
            return false;
        }
        String[] parts = name.substring(start.length()).split("-");
        if (parts.length < 2) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[0]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> !startToken(p).equals(parts[1])).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
