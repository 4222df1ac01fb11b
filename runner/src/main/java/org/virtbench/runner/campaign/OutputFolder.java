package org.virtbench.runner.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.virtbench.runner.system.StateFolders;

/**
 * Checks a campaign's output folder before root writes into it: a folder another user owns, or a
 * path through a symlink another user owns, lets that user swap what root writes (or what it
 * reads on {@code --resume}) for a file of their choosing.
 */
final class OutputFolder {
    private OutputFolder() {
    }

    /**
     * Refuses with exit 2 when {@code dir}, or a folder or symlink on the way to it, belongs to
     * another user (root aside), or a folder on the way can be written by every user without the
     * sticky bit. Parts that do not exist yet are not checked: call again once the folder is made.
     */
    static void check(Path dir, String option) {
        int uid = StateFolders.currentUid();
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Path at = absolute.getRoot();
            for (Path part : absolute) {
                at = at.resolve(part);
                if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                    break;
                }
                if (Files.isSymbolicLink(at)) {
                    int owner = owner(at);
                    if (owner != uid && owner != 0) {
                        throw new InvalidOptionsException(option + " " + dir + " is reached through the symlink " + at
                                + ", which belongs to uid " + owner + "; give a folder only you control");
                    }
                }
            }
            Path existing = absolute;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return;
            }
            Path real = existing.toRealPath();
            Path folder = real.getRoot();
            for (Path part : real) {
                folder = folder.resolve(part);
                int owner = owner(folder);
                int mode = (Integer) Files.getAttribute(folder, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if (owner != uid && owner != 0) {
                    throw new InvalidOptionsException(option + " " + dir + ": " + folder + " belongs to uid " + owner
                            + ", not to you; give a folder only you control");
                }
                if ((mode & 0002) != 0 && (mode & 01000) == 0) {
                    throw new InvalidOptionsException(option + " " + dir + ": every user can write " + folder
                            + " (mode " + Integer.toOctalString(mode & 07777) + "); give a folder only you control");
                }
            }
        } catch (IOException e) {
            throw new InvalidOptionsException(option + " " + dir + " cannot be checked (" + InvalidOptionsException.oneLine(e.getMessage())
                    + "); give a folder you own");
        }
    }

    private static int owner(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
