package org.virtbench.runner.system;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Records on this host of what a run makes elsewhere (work folders on an inventory's machines,
 * domains on a libvirt host), so that {@code virtbench clean} knows where a dead run's leftovers
 * are: a fresh folder {@code <state>/<area>/run-*} per record with an owner file (the run's
 * {@link RunIdentity}) and the backend's own files, each written before what it names is made.
 */
public final class RunRecords {
    private static final String OWNER = "owner";
    /** A record younger than this without an owner file is being made by a live run. */
    private static final Duration CLAIM_GRACE = Duration.ofMinutes(1);

    private RunRecords() {
    }

    /** A new record folder in {@code area}, owned by this process. */
    public static Path create(String area) throws IOException {
        Path folder = StateFolders.freshFolder(StateFolders.area(area), "run-");
        OwnerFile.claim(folder.resolve(OWNER));
        return folder;
    }

    /** Writes {@code bytes} to a new file {@code name} of a record, synchronously; never through a link. */
    public static void write(Path record, String name, byte[] bytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(record.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.SYNC, LinkOption.NOFOLLOW_LINKS)) {
            out.write(bytes);
        }
    }

    /**
     * The records in {@code area} whose owner no longer runs, oldest name first; only folders that
     * {@link StateFolders#isOurs}.
     */
    public static List<Path> dead(String area) throws IOException {
        Path folder = StateFolders.root().resolve(area);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> records = Files.list(folder)) {
            return records.filter(r -> r.getFileName().toString().startsWith("run-") && StateFolders.isOurs(r) && !live(r))
                    .sorted().toList();
        }
    }

    private static boolean live(Path record) {
        Path owner = record.resolve(OWNER);
        if (OwnerFile.read(owner).isPresent()) {
            return OwnerFile.ownerAlive(owner);
        }
        try {
            return Files.getLastModifiedTime(record, LinkOption.NOFOLLOW_LINKS).toInstant()
                    .isAfter(Instant.now().minus(CLAIM_GRACE));
        } catch (IOException e) {
            return true;
        }
    }

    /** Deletes a record whose run's leftovers are gone. */
    public static void forget(Path record) {
        StateFolders.deleteTree(record);
    }
}
