package org.virtbench.runner.backend.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.virtbench.backend.BackendException;
import org.virtbench.runner.system.RunIdentity;
import org.virtbench.runner.system.RunRecords;
import org.virtbench.runner.system.StateFolders;

/**
 * Which libvirt host a run made domains and volumes on, recorded on this machine before it makes
 * them: a folder {@code <state>/libvirt/run-*} with an owner file (the run's {@link RunIdentity}:
 * random id, pid, start time, boot id) and the URI and name tag. A record whose owner is dead is
 * swept by {@code virtbench clean}: every domain and volume whose name starts with the tag is
 * removed, then the record. The tag alone ({@link RunNames}) lets a run of this machine sweep a
 * libvirt host it connects to anyway; the record is what lets {@code clean} know which hosts to visit.
 */
final class LibvirtRuns {
    private static final String AREA = "libvirt";
    private static final String FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param uri the libvirt URI the run connected to
     * @param tag what the names of its domains and volumes start with
     */
    record Run(String uri, String tag) {
    }

    private LibvirtRuns() {
    }

    /**
     * Records a run before it makes anything; returns the record's folder, deleted by
     * {@link #forget} once the run removed all it made.
     */
    static Path record(Run run) {
        try {
            Path folder = RunRecords.create(AREA);
            RunRecords.write(folder, FILE, JSON.writeValueAsBytes(run));
            return folder;
        } catch (IOException e) {
            throw new BackendException("cannot record this run's libvirt domains in " + StateFolders.root().resolve(AREA)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a record whose run left nothing. */
    static void forget(Path record) {
        RunRecords.forget(record);
    }

    /**
     * Deletes the record of a run that released what it made: no domain and no volume of
     * {@code tag} is left on {@code conn}; otherwise it stays for {@code virtbench clean}.
     */
    static void forgetIfNothingLeft(Path record, Connect conn, String tag) throws LibvirtException {
        for (Domain d : conn.listAllDomains(0)) {
            if (d.getName().startsWith(tag)) {
                return;
            }
        }
        try {
            StoragePool pool = conn.storagePoolLookupByName(MediaPool.NAME);
            pool.refresh(0);
            for (String vol : pool.listVolumes()) {
                if (vol.startsWith(tag)) {
                    return;
                }
            }
        } catch (LibvirtException noPool) {
            // no pool: no volumes
        }
        forget(record);
    }

    /**
     * Sweeps the records of dead runs whose URI {@code which} accepts: each lists what it removed,
     * or {@code NOT removed: why} (the record is kept for the next clean).
     */
    static List<String> sweepDead(Predicate<String> which) {
        List<String> lines = new ArrayList<>();
        List<Path> folders;
        try {
            folders = RunRecords.dead(AREA);
        } catch (IOException e) {
            return List.of("NOT removed: cannot list " + StateFolders.root().resolve(AREA) + ": " + e.getMessage());
        }
        for (Path folder : folders) {
            Path file = folder.resolve(FILE);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                forget(folder); // killed before it made anything
                continue;
            }
            Run run;
            try {
                run = JSON.readValue(Files.readAllBytes(file), Run.class);
            } catch (IOException | RuntimeException e) {
                lines.add("NOT removed: the record " + file + " cannot be read (" + e.getMessage() + "); delete it by hand");
                continue;
            }
            if (!which.test(run.uri())) {
                continue;
            }
            try {
                lines.addAll(remove(run));
                forget(folder);
            } catch (LibvirtException | RuntimeException e) {
                lines.add("NOT removed: the domains and volumes " + run.tag() + "* on " + run.uri() + ": "
                        + e.getMessage() + "; the record " + folder + " keeps them for the next clean");
            }
        }
        return lines;
    }

    /** Destroys the run's domains and deletes its volumes; what it removed. */
    private static List<String> remove(Run run) throws LibvirtException {
        if (!run.tag().startsWith("vb-") || run.tag().length() < 8) {
            throw new IllegalArgumentException("the tag '" + run.tag() + "' is not one of virtbench's");
        }
        List<String> removed = new ArrayList<>();
        LibvirtBackend.quiet();
        Connect conn = new Connect(run.uri(), false);
        try {
            for (Domain d : conn.listAllDomains(0)) {
                if (d.getName().startsWith(run.tag())) {
                    try {
                        d.destroy();
                        removed.add("libvirt domain " + d.getName() + " on " + run.uri());
                    } catch (LibvirtException e) {
                        if (d.isActive() == 1) {
                            throw e;
                        }
                    }
                }
            }
            StoragePool pool;
            try {
                pool = conn.storagePoolLookupByName(MediaPool.NAME);
            } catch (LibvirtException missing) {
                return removed; // no pool: no volumes (it is transient, gone with a restart of libvirtd)
            }
            pool.refresh(0);
            for (String vol : pool.listVolumes()) {
                if (vol.startsWith(run.tag())) {
                    pool.storageVolLookupByName(vol).delete(0);
                    removed.add("libvirt volume " + vol + " on " + run.uri());
                }
            }
            return removed;
        } finally {
            conn.close();
        }
    }
}
