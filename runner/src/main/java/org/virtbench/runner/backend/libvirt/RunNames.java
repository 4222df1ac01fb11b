package org.virtbench.runner.backend.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The names a run gives its domains and volumes on a libvirt host, and the sweep of dead runs.
 * A name starts {@code vb-<owner>-<pid>-}: owner is a digest of this machine's name, pid the
 * JVM's, so that a later run can tell, without any state on the libvirt host, which leftovers are
 * of this machine's runs whose process is gone (a SIGKILLed campaign) and never touches the live
 * runs of this machine or the runs of other machines that share the host.
 */
final class RunNames {
    private RunNames() {
    }

    /** {@code vb-<owner>-<pid>-}: what the names of one JVM's runs start with. */
    static String prefix(String owner, long pid) {
        return "vb-" + owner + "-" + pid + "-";
    }

    /** Six hex digits of this machine's name. */
    static String ownerDigest() {
        String host;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            host = "unknown";
        }
        return MediaPool.digestOf(host).substring(0, 6);
    }

    /** Destroys the domains and deletes the volumes of this machine's runs whose JVM is gone. */
    static void sweep(Connect conn, MediaPool pool) throws LibvirtException {
        String owner = ownerDigest();
        for (Domain d : conn.listAllDomains(0)) {
            if (dead(d.getName(), owner)) {
                try {
                    d.destroy();
                } catch (LibvirtException e) {
                    // ended meanwhile
                }
            }
        }
        for (String vol : pool.volumes("vb-" + owner + "-")) {
            if (dead(vol, owner)) {
                pool.delete(vol);
            }
        }
    }

    /** Whether a name is of a run of {@code owner} whose process no longer lives. */
    static boolean dead(String name, String owner) {
        String start = "vb-" + owner + "-";
        if (!name.startsWith(start)) {
            return false;
        }
        String rest = name.substring(start.length());
        int dash = rest.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
