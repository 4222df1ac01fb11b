package org.virtbench.runner.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.virtbench.runner.system.Mounts;
import org.virtbench.runner.system.OwnerFile;
import org.virtbench.runner.system.Processes;

/**
 * The folder of built images: {@code <cache>/virtbench/images/<hash>/} with {@code rootfs/} and
 * {@code manifest.json}, where {@code <cache>} is {@code $XDG_CACHE_HOME} or {@code ~/.cache}.
 *
 * <p>An image directory only ever appears by an atomic rename of a finished build directory
 * ({@value #BUILD_PREFIX}{@code <hash>-<pid>}), so whatever carries a hash as its name is
 * complete; a build that was interrupted leaves only a build directory, which
 * {@link #sweepStaleBuilds()} removes once its owner is dead.
 */
public final class ImageCache {
    static final String BUILD_PREFIX = ".build-";
    static final String OWNER_FILE = "owner";

    private final Path root;

    /** A cache in {@code root}; the directory is created when the first image is built. */
    public ImageCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The user's cache: {@code $XDG_CACHE_HOME/virtbench/images}, else {@code ~/.cache/virtbench/images}. */
    public static ImageCache user() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return new ImageCache(base.resolve("virtbench").resolve("images"));
    }

    /** The folder images are kept in. */
    public Path root() {
        return root;
    }

    /** The complete image of this hash, if it was built. */
    public Optional<GuestImage> find(String hash) {
        Path dir = root.resolve(hash);
        Path manifest = dir.resolve(ImageManifest.FILE_NAME);
        if (!Files.isRegularFile(manifest) || !Files.isDirectory(dir.resolve("rootfs"))) {
            return Optional.empty();
        }
        return Optional.of(new GuestImage(dir, ImageManifest.read(manifest)));
    }

    /** Every complete image, the newest first. Directories that are not images are skipped. */
    public List<GuestImage> list() {
        List<GuestImage> images = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return images;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")) {
                    try {
                        find(name).ifPresent(images::add);
                    } catch (ImageException e) {
                        // an unreadable manifest is not an image; image list must still list the rest
                    }
                }
            }
        } catch (IOException e) {
            throw new ImageException("cannot list " + root + ": " + e.getMessage(), e);
        }
        images.sort(Comparator.comparing((GuestImage i) -> i.manifest().builtAt()).reversed());
        return images;
    }

    /**
     * The image to run guests from that need {@code packages}: the image of exactly
     * {@code recipe} when it is built, else the smallest built image of the same release,
     * architecture and sources that holds every one of the packages (the full Table-2 image
     * serves a workload that needs only bzip2).
     */
    public Optional<GuestImage> findFor(ImageRecipe recipe) {
        Optional<GuestImage> exact = find(recipe.hash());
        if (exact.isPresent()) {
            return exact;
        }
        return list().stream()
                .filter(i -> {
                    ImageRecipe r = i.manifest().recipe();
                    return r.version() == recipe.version() && r.release().equals(recipe.release())
                            && r.architecture().equals(recipe.architecture()) && r.sources().equals(recipe.sources())
                            && r.covers(recipe.packages());
                })
                .min(Comparator.comparingInt((GuestImage i) -> i.manifest().recipe().packages().size()));
    }

    /** True when some complete image has every one of {@code packages}, whatever its sources. */
    public boolean anyCovering(Collection<String> packages) {
        return list().stream().anyMatch(i -> i.manifest().recipe().covers(packages));
    }

    /** Where a build of {@code hash} by this process is assembled before its rename. */
    Path buildDirectory(String hash) {
        return root.resolve(BUILD_PREFIX + hash + "-" + ProcessHandle.current().pid());
    }

    /** The lock file that serializes builds of one recipe across processes. */
    Path lockFile(String hash) {
        return root.resolve(".lock-" + hash);
    }

    /**
     * Removes the build directories of builds whose process is gone (killed, crashed), after
     * killing the build's orphaned commands and unmounting what the build had mounted in them. Builds of live processes are left alone.
     *
     * @return how many were removed
     */
    public int sweepStaleBuilds() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, BUILD_PREFIX + "*")) {
            for (Path entry : entries) {
                if (!OwnerFile.folderOwnerAlive(entry, OWNER_FILE, OwnerFile.pidAfterLastDash(entry.getFileName().toString()))) {
                    stale.add(entry);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        for (Path build : stale) {
            // a build killed with SIGKILL leaves debootstrap or a chrooted dpkg running in it
            Processes.killUsing(build);
            Mounts.removeTree(build);
        }
        return stale.size();
    }
}
