package org.virtbench.runner.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The campaign's output could not be written (disk full, I/O error): the journal, or the results
 * beside it. The journal holds every entry before the failed one; the campaign must stop and be
 * resumed once the cause is gone, since no further sample could be kept.
 */
public final class JournalWriteException extends RuntimeException {
    private final Path folder;

    /** A write into the campaign's output folder {@code folder} failed. */
    public JournalWriteException(Path folder, IOException cause) {
        super(describe(folder, cause), cause);
        this.folder = folder;
    }

    /** The campaign's output folder. */
    public Path folder() {
        return folder;
    }

    /** The one line a user needs: what went wrong and how to go on. */
    private static String describe(Path folder, IOException cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
            return "disk full on " + folder + "; free space and run --resume " + folder;
        }
        return "cannot write to " + folder + " (" + message + "); fix it and run --resume " + folder;
    }
}
