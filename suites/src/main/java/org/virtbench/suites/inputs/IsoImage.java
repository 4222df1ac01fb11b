package org.virtbench.suites.inputs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.virtbench.guest.Guest;
import org.virtbench.plan.DataSize;

/**
 * The "ISO image" of bzip2, dd-file and rsync-iso: either a real file the user names
 * ({@code -p iso=/path/to/real.iso}) or a generated one of the requested size whose content
 * compresses like a distribution image (see {@link IsoContent}: mostly already-compressed data,
 * with machine code and text; bzip2 -9 saves about 13%, where a purely random file would grow).
 *
 * <p>Generated images are made once per size on the host, in {@code $XDG_CACHE_HOME/virtbench/inputs}
 * (or {@code ~/.cache/virtbench/inputs}), and copied into guests from there. Their name carries
 * {@link #FORMAT}, so a change of the generator never reuses an image of the old one.
 */
public final class IsoImage {
    /** The value of the {@code iso} parameter that asks for a generated image. */
    public static final String GENERATED = "generated";
    /** The generator's version; bump it whenever {@link IsoContent} changes its bytes. */
    public static final int FORMAT = 1;
    /** The seed of every generated image: the paper's year and month (Linux Symposium, July 2008). */
    static final long SEED = 0x2008_07L;

    private IsoImage() {
    }

    /**
     * The image a workload should use, on the host.
     *
     * @param iso  {@value #GENERATED}, or the host path of a real image
     * @param size the size of a generated image; ignored for a real one
     * @throws IllegalArgumentException when a named file does not exist or is empty
     */
    public static Path resolve(String iso, DataSize size) {
        if (GENERATED.equals(iso.trim())) {
            return generated(size);
        }
        Path real = Path.of(iso.trim());
        if (!Files.isRegularFile(real)) {
            throw new IllegalArgumentException("iso=" + iso + " is not a file on this host; name an existing image,"
                    + " or use iso=" + GENERATED + " for a generated one of the 'size' parameter");
        }
        try {
            if (Files.size(real) == 0) {
                throw new IllegalArgumentException("iso=" + iso + " is empty");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + real, e);
        }
        return real;
    }

    /**
     * Copies the image a workload should use (see {@link #resolve}) into a guest, once per campaign
     * cell, and says how large it is, so that the workload can check that its tool read all of it.
     *
     * @param guestPath where the copy goes in the guest
     * @return the image's size in bytes
     */
    public static long stage(Guest guest, String iso, DataSize size, String guestPath) {
        Path host = resolve(iso, size);
        long bytes;
        try {
            bytes = Files.size(host);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + host, e);
        }
        guest.copyIn(host, guestPath);
        return bytes;
    }

    /** Where generated inputs are cached on this host. */
    public static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("virtbench").resolve("inputs");
    }

    /**
     * The generated image of {@code size} bytes, made now if the cache does not hold it. Safe when
     * several threads or processes ask at once: each writes a private temporary file and moves it
     * into place atomically, and one lock serializes the threads of this JVM (n guests of one cell).
     */
    public static Path generated(DataSize size) {
        return generated(size, cacheDirectory());
    }

    /** {@link #generated(DataSize)} with the cache in {@code dir}. */
    static synchronized Path generated(DataSize size, Path dir) {
        if (size.bytes() <= 0) {
            throw new IllegalArgumentException("an image needs a positive size, got " + size);
        }
        Path image = dir.resolve("iso-v" + FORMAT + "-" + size.bytes() + ".img");
        try {
            if (Files.isRegularFile(image) && Files.size(image) == size.bytes()) {
                return image;
            }
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, image.getFileName().toString(), ".partial");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
                    write(out, size.bytes());
                }
                move(partial, image);
            } finally {
                Files.deleteIfExists(partial);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate the " + size + " image in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the generated content of {@code size} bytes; the same bytes every time. */
    public static void write(OutputStream out, long size) throws IOException {
        new IsoContent(SEED).write(out, size);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
