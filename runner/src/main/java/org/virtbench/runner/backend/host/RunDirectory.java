package org.virtbench.runner.backend.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.virtbench.backend.BackendException;
import org.virtbench.runner.system.OwnerFile;
import org.virtbench.runner.system.Processes;
import org.virtbench.runner.system.StateFolders;

/**
 * One provisioning's directory under the host backend's root, holding the guests' work
 * directories and an {@value #OWNER} file naming the process that made it ({@link
 * org.virtbench.runner.system.RunIdentity}), so that a later run can clean up after a campaign
 * that was killed with SIGKILL. It is created fresh and private (0700); a sweep touches only such
 * folders.
 */
final class RunDirectory {
    static final String OWNER = ".owner";

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** Creates {@code root/name}, refusing an existing path; {@code root} is checked to be private. */
    static RunDirectory create(Path root, String name) {
        Path path = root.resolve(name);
        try {
            StateFolders.checkedFolder(root);
            StateFolders.newFolder(path);
            OwnerFile.claim(path.resolve(OWNER));
            return new RunDirectory(path);
        } catch (IOException e) {
            throw new BackendException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    Path path() {
        return path;
    }

    /** Removes the directory and all in it; what cannot be removed is left for the next sweep. */
    void remove() {
        StateFolders.deleteTree(path);
    }

    /**
     * Removes the run directories whose owner process is gone, killing what still works in them.
     *
     * @return the directories removed
     */
    static java.util.List<Path> sweepStale(Path root) {
        java.util.List<Path> removed = new java.util.ArrayList<>();
        if (!Files.isDirectory(root)) {
            return removed;
        }
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(root, StateFolders::isOurs)) {
            for (Path run : runs) {
                Path owner = run.resolve(OWNER);
                if (OwnerFile.read(owner).isPresent() && !OwnerFile.ownerAlive(owner)) {
                    Processes.killUsing(run);
                    StateFolders.deleteTree(run);
                    removed.add(run);
                }
            }
        } catch (IOException e) {
            // nothing to sweep that can be read
        }
        return removed;
    }
}
