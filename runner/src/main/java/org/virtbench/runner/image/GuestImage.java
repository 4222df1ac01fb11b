package org.virtbench.runner.image;

import java.nio.file.Path;

/**
 * A complete image in the cache: its directory holds {@code rootfs/} and {@code manifest.json}.
 * Images are never changed after their build; guests layer their writes over {@link #rootfs()}.
 *
 * @param directory the image's directory, named by its recipe's hash
 * @param manifest  what it is and what it contains
 */
public record GuestImage(Path directory, ImageManifest manifest) {

    /** The root filesystem, the lower layer every guest shares. */
    public Path rootfs() {
        return directory.resolve("rootfs");
    }

    /** The recipe's hash, the image's name. */
    public String hash() {
        return manifest.hash();
    }
}
