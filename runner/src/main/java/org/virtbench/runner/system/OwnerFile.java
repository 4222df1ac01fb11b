package org.virtbench.runner.system;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * A small file that says which process owns a resource on the host (a build directory, a run's
 * containers), so a later run can tell leftovers of a dead process from the live work of another.
 * It holds the owner's {@link RunIdentity} as JSON: a pid alone could have been reused by an
 * unrelated process after a reboot or a long uptime.
 */
public final class OwnerFile {
    private OwnerFile() {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Writes the current process's {@link RunIdentity} as the owner into {@code file}, which must
     * not exist yet (a planted file or symlink is never written through).
     */
    public static void claim(Path file) throws IOException {
        byte[] json = JSON.writeValueAsBytes(RunIdentity.current());
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            out.write(json);
        }
    }

    /** The owner recorded in {@code file}; empty when it is missing, a symlink or not an owner file. */
    public static Optional<RunIdentity> read(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            String text = Files.readString(file).trim();
            if (text.startsWith("{")) {
                RunIdentity id = JSON.readValue(text, RunIdentity.class);
                return id.start() == null || id.bootId() == null ? Optional.empty() : Optional.of(id);
            }
            // the format before run identities: "pid start"
            String[] words = text.split("\\s+");
            return Optional.of(new RunIdentity("-", Long.parseLong(words[0]), words.length < 2 ? "-" : words[1], "-"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True when the process recorded in {@code file} is still running; false when it is gone or
     * the file is missing or unreadable (callers that create the file after its directory cover
     * that window themselves).
     */
    public static boolean ownerAlive(Path file) {
        return read(file).map(RunIdentity::alive).orElse(false);
    }

    /**
     * Whether the process that made {@code folder} still runs: the one check every backend's sweep
     * and the image cache use. Its owner file says, when readable; before the creator wrote it, the
     * creator's pid when the folder's name holds one ({@code creatorPid}); else a folder younger than
     * a minute counts as alive (its creator is still writing the owner file).
     *
     * @param ownerFile  the owner file's name inside {@code folder}
     */
    public static boolean folderOwnerAlive(Path folder, String ownerFile, Optional<Long> creatorPid) {
        Optional<RunIdentity> owner = read(folder.resolve(ownerFile));
        if (owner.isPresent()) {
            return owner.get().alive();
        }
        if (creatorPid.isPresent()) {
            return alive(creatorPid.get(), "-");
        }
        try {
            return Files.getLastModifiedTime(folder, LinkOption.NOFOLLOW_LINKS).toInstant()
                    .isAfter(Instant.now().minusSeconds(60));
        } catch (IOException gone) {
            return true; // gone meanwhile: nothing to remove
        }
    }

    /** The number after the last '-' in {@code name} (the pid in {@code build-HASH-PID}), if any. */
    public static Optional<Long> pidAfterLastDash(String name) {
        try {
            return Optional.of(Long.parseLong(name.substring(name.lastIndexOf('-') + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when process {@code pid} runs and, unless {@code startInstant} is {@code "-"}, started then. */
    public static boolean alive(long pid, String startInstant) {
        return new RunIdentity("-", pid, startInstant, "-").alive();
    }
}
