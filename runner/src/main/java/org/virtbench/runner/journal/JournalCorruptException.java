package org.virtbench.runner.journal;

import java.nio.file.Path;

/**
 * A complete line of the journal that is not an entry. Resuming on would bury it under new lines,
 * so the campaign is refused and the file left as it is.
 */
public final class JournalCorruptException extends IllegalStateException {
    private final int line;

    JournalCorruptException(Path file, int line, String why) {
        super(file + " line " + line + " is not a journal entry (" + why + "); the file was left as it is: "
                + "repair or remove that line, then run --resume again");
        this.line = line;
    }

    /** The 1-based line number. */
    public int line() {
        return line;
    }
}
