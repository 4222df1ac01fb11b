package org.virtbench.runner.system;

import java.nio.file.Path;

/**
 * A file written by a newer virtbench, whose schema this one does not know: reading on would
 * misread it, and writing beside it would mix two formats in one campaign. The command stops
 * before it writes anything.
 */
public final class SchemaVersionException extends IllegalStateException {
    private SchemaVersionException(String message) {
        super(message);
    }

    /**
     * Checks a file's schema version against the newest this virtbench reads.
     *
     * @param found     the version the file declares
     * @param supported the newest version this virtbench reads
     * @throws SchemaVersionException naming both versions when {@code found} is newer
     */
    public static void check(Path file, int found, int supported) {
        if (found > supported) {
            throw new SchemaVersionException(file + " has schema version " + found + ", but this virtbench reads "
                    + "schema version " + supported + " at most; use the virtbench that wrote it, or a newer one");
        }
    }
}
