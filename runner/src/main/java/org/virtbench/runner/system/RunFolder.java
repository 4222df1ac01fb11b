package org.virtbench.runner.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The folder one provisioning keeps its things in on the host, and the one way a later run cleans
 * up after a campaign killed with SIGKILL: the folder is created fresh and private, with an
 * {@value #OWNER} file naming the process that made it ({@link RunIdentity}); a sweep takes only
 * such folders of this user whose owner is gone, and hands each to the backend's own clean-up (kill
 * what still works there, remove devices, delete). The host backend's run folders and qemu's
 * {@code RunDirectory} are both this.
 */
public final class RunFolder {
    /** The owner file in every run folder. */
    public static final String OWNER = "owner";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path path;
    private final String name;

    private RunFolder(Path path, String name) {
        this.path = path;
        this.name = name;
    }

    /**
     * Creates {@code root/name}, owned by this process; {@code root} is checked to be private.
     *
     * @throws FileAlreadyExistsException when the path exists
     */
    public static RunFolder create(Path root, String name) throws IOException {
        StateFolders.checkedFolder(root);
        Path path = root.resolve(name);
        StateFolders.newFolder(path);
        OwnerFile.claim(path.resolve(OWNER));
        return new RunFolder(path, name);
    }

    /** Creates {@code root/<prefix><six hex digits>}, a name no live run has, owned by this process. */
    public static RunFolder createUnique(Path root, String prefix) throws IOException {
        while (true) {
            byte[] bytes = new byte[3];
            RANDOM.nextBytes(bytes);
            try {
                return create(root, prefix + HexFormat.of().formatHex(bytes));
            } catch (FileAlreadyExistsException e) {
                // another run has it: draw again
            }
        }
    }

    public Path path() {
        return path;
    }

    /** The folder's name in its root. */
    public String name() {
        return name;
    }

    /**
     * True while the process that made {@code run} lives (same pid and same start time, so a reused
     * pid does not count): {@link OwnerFile#folderOwnerAlive}, the one check every sweep uses.
     */
    public static boolean ownerAlive(Path run) {
        return OwnerFile.folderOwnerAlive(run, OWNER, Optional.empty());
    }

    /**
     * Hands every run folder under {@code root} matching {@code glob} whose owner is gone to
     * {@code clean}: only real folders of this user that no one else may write ({@link StateFolders#isOurs}).
     *
     * @return the folders handed over
     */
    public static List<Path> sweep(Path root, String glob, Consumer<Path> clean) {
        List<Path> swept = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return swept;
        }
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(root, glob)) {
            for (Path run : runs) {
                if (StateFolders.isOurs(run) && !ownerAlive(run)) {
                    clean.accept(run);
                    swept.add(run);
                }
            }
        } catch (IOException e) {
            // nothing to sweep that can be read
        }
        return swept;
    }
}
