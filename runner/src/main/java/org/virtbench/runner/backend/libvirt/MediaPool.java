package org.virtbench.runner.backend.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;
import org.virtbench.backend.BackendException;
import org.virtbench.runner.system.FileModes;

/**
 * The guests' files on the libvirt host, all as volumes of one directory storage pool
 * ({@value #NAME}, at {@link LibvirtSettings#pool()}), so that a remote host is served exactly as
 * the local one, through libvirt's own storage API and nothing else: the kernel, initrd and base
 * disk are uploaded once (named by a digest of their path, size and time, which a cached medium
 * never changes without a new name) and kept; each run's overlays (qcow2 volumes backed by the
 * base) and console files are volumes named after the run and deleted when it ends.
 *
 * <p>An upload is complete only when its marker volume ({@code NAME.ok}) exists: a run killed
 * mid-upload leaves a volume without a marker, which the next run uploads again. The pool
 * itself is a transient one, made if missing and left active (it is a view of the folder, gone
 * when libvirtd restarts), so the next run finds the media.
 */
final class MediaPool {
    static final String NAME = "virtbench-media";
    private static final int CHUNK = 1 << 20;

    private final StoragePool pool;

    private MediaPool(StoragePool pool) {
        this.pool = pool;
    }

    /** The pool, made and started when it is not there. */
    static MediaPool open(Connect conn, String folder) throws LibvirtException {
        StoragePool pool;
        try {
            pool = conn.storagePoolLookupByName(NAME);
        } catch (LibvirtException missing) {
            String xml = "<pool type='dir'><name>" + NAME + "</name><target><path>" + DomainTemplate.escape(folder)
                    + "</path><permissions><mode>0711</mode></permissions></target></pool>";
            // VIR_STORAGE_POOL_CREATE_WITH_BUILD: the folder is made when missing
            pool = conn.storagePoolCreateXML(xml, 1);
        }
        if (pool.isActive() == 0) {
            pool.create(0);
        }
        pool.refresh(0);
        return new MediaPool(pool);
    }

    /**
     * On a local URI: narrows what earlier versions made wider (a 0755 folder, 0644 volumes) to
     * the modes new ones get, 0711 and 0600. The base disk and the initrd hold the guests' SSH host
     * keys; QEMU, run as libvirt's own user, is given each file by libvirt (which relabels the
     * files a domain uses), so passing through the folder is all it needs.
     */
    void narrowLocalModes() throws LibvirtException, IOException {
        Path folder = null;
        for (String name : pool.listVolumes()) {
            Path file = Path.of(pool.storageVolLookupByName(name).getPath());
            FileModes.narrow(file, FileModes.OWNER_ONLY);
            folder = file.getParent();
        }
        if (folder != null) {
            FileModes.narrow(folder, FileModes.TRAVERSE_ONLY);
        }
    }

    /**
     * The path on the libvirt host of {@code file}, uploaded first when the pool lacks it.
     *
     * @param prefix the volume name's start ({@code kernel}, {@code initrd}, {@code base})
     */
    String upload(String prefix, Path file) throws LibvirtException, IOException {
        String name = prefix + "-" + digest(file) + suffix(file);
        Optional<StorageVol> vol = lookup(name);
        if (vol.isPresent() && lookup(name + ".ok").isPresent()) {
            return vol.get().getPath();
        }
        if (vol.isPresent()) {
            vol.get().delete(0); // an upload that did not finish
        }
        long size = Files.size(file);
        StorageVol created = pool.storageVolCreateXML(volumeXml(name, size, "raw", Optional.empty()), 0);
        Stream stream = pool.getConnect().streamNew(0);
        boolean done = false;
        try (InputStream in = Files.newInputStream(file)) {
            created.upload(stream, 0, size, 0);
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                byte[] chunk = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
                int sent = 0;
                while (sent < n) {
                    int s = stream.send(sent == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, sent, n));
                    if (s <= 0) {
                        throw new IOException("libvirt took no bytes of " + file + " at " + sent);
                    }
                    sent += s;
                }
            }
            stream.finish();
            done = true;
        } finally {
            if (!done) {
                stream.abort();
                created.delete(0);
            }
            stream.free();
        }
        pool.storageVolCreateXML(volumeXml(name + ".ok", 0, "raw", Optional.empty()), 0);
        return created.getPath();
    }

    /** Creates a qcow2 overlay of {@code capacity} bytes backed by the qcow2 file {@code base}; returns its path. */
    String overlay(String name, long capacity, String base) throws LibvirtException {
        return pool.storageVolCreateXML(volumeXml(name, capacity, "qcow2", Optional.of(base)), 0).getPath();
    }

    /** Creates an empty file volume (a console log); returns its path. */
    String emptyFile(String name) throws LibvirtException {
        return pool.storageVolCreateXML(volumeXml(name, 0, "raw", Optional.empty()), 0).getPath();
    }

    /** The names of the volumes whose name starts with {@code prefix}, after a refresh. */
    List<String> volumes(String prefix) throws LibvirtException {
        pool.refresh(0);
        List<String> names = new ArrayList<>();
        for (String name : pool.listVolumes()) {
            if (name.startsWith(prefix)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Deletes a volume; true when it was there. */
    boolean delete(String name) throws LibvirtException {
        Optional<StorageVol> vol = lookup(name);
        if (vol.isEmpty()) {
            return false;
        }
        vol.get().delete(0);
        return true;
    }

    /** The pool's folder on the libvirt host. */
    String folder() throws LibvirtException {
        String xml = pool.getXMLDesc(0);
        int start = xml.indexOf("<path>");
        return start < 0 ? "?" : xml.substring(start + 6, xml.indexOf("</path>", start));
    }

    private Optional<StorageVol> lookup(String name) {
        try {
            return Optional.of(pool.storageVolLookupByName(name));
        } catch (LibvirtException e) {
            return Optional.empty();
        }
    }

    private static String volumeXml(String name, long capacity, String format, Optional<String> backing) {
        StringBuilder xml = new StringBuilder("<volume><name>").append(DomainTemplate.escape(name)).append("</name>")
                .append("<capacity unit='bytes'>").append(capacity).append("</capacity>")
                .append("<target><format type='").append(format).append("'/><permissions><mode>0600</mode></permissions></target>");
        backing.ifPresent(b -> xml.append("<backingStore><path>").append(DomainTemplate.escape(b))
                .append("</path><format type='qcow2'/></backingStore>"));
        return xml.append("</volume>").toString();
    }

    private static String suffix(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".qcow2") ? ".qcow2" : "";
    }

    /** A digest of the file's path, size and modification time: cached media never change in place. */
    static String digest(Path file) throws IOException {
        return digestOf(file.toAbsolutePath() + "\0" + Files.size(file) + "\0" + Files.getLastModifiedTime(file).toMillis())
                .substring(0, 16);
    }

    /** SHA-256 of a text, in hex. */
    static String digestOf(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For messages. */
    @Override
    public String toString() {
        try {
            return "pool " + NAME + " (" + folder() + ")";
        } catch (LibvirtException e) {
            throw new BackendException(e.getMessage(), e);
        }
    }
}
