package org.virtbench.runner.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.system.Mounts;
import org.virtbench.runner.system.OwnerFile;
import org.virtbench.runner.transport.HostCommands;

/**
 * Builds guest images into an {@link ImageCache}: {@code debootstrap --variant=minbase} of the
 * recipe's release from its mirror, then the recipe's packages with apt inside the new root, then
 * SSH host keys of its own, then the manifest. Everything happens in a build directory that is
 * renamed to the image's hash only when complete, so an interrupted build never looks cached.
 *
 * <p>Builds of one recipe are serialized across processes by a file lock: the second waits, then
 * finds the first's image. Building needs root (debootstrap, chroot, mount).
 */
public final class ImageBuilder {
    /** The outcome of {@link #build}: the image, whether it came from the cache, and how long it took. */
    public record Result(GuestImage image, boolean cached, Duration elapsed) {
    }

    /** FileLock is per process: threads of this JVM that build the same recipe queue here first. */
    private static final Object JVM_LOCK = new Object();

    private final ImageCache cache;
    private final Consumer<String> progress;

    /**
     * @param cache    where images are kept
     * @param progress receives one line per build step, for the user
     */
    public ImageBuilder(ImageCache cache, Consumer<String> progress) {
        this.cache = cache;
        this.progress = progress;
    }

    /**
     * Returns the cached image of {@code recipe}, building it first when there is none.
     *
     * @throws ImageException when not root, a tool is missing, or a build step fails (with the
     *                        end of its log and where the whole log was kept)
     */
    public Result build(ImageRecipe recipe) {
        long start = System.nanoTime();
        Optional<GuestImage> hit = cache.find(recipe.hash());
        if (hit.isPresent()) {
            return new Result(hit.get(), true, Duration.ofNanos(System.nanoTime() - start));
        }
        requireRoot(effectiveUid());
        for (String tool : List.of("debootstrap", "chroot", "mount", "dpkg-query")) {
            if (!HostCommands.has(tool)) {
                throw new ImageException("'" + tool + "' is missing on the host; install it (apt-get install "
                        + (tool.equals("debootstrap") ? "debootstrap" : "coreutils mount dpkg") + ")");
            }
        }
        try {
            Files.createDirectories(cache.root());
        } catch (IOException e) {
            throw new ImageException("cannot create the image cache " + cache.root() + ": " + e.getMessage(), e);
        }
        synchronized (JVM_LOCK) {
            return buildExclusively(recipe, start);
        }
    }

    @SuppressWarnings("try") // the lock is held for the block's extent, never referenced in it
    private Result buildExclusively(ImageRecipe recipe, long start) {
        try (FileChannel channel = FileChannel.open(cache.lockFile(recipe.hash()), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            // another process may have built it while this one waited for the lock
            Optional<GuestImage> hit = cache.find(recipe.hash());
            if (hit.isPresent()) {
                return new Result(hit.get(), true, Duration.ofNanos(System.nanoTime() - start));
            }
            cache.sweepStaleBuilds();
            GuestImage image = buildLocked(recipe, start);
            return new Result(image, false, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new ImageException("cannot lock " + cache.lockFile(recipe.hash()) + ": " + e.getMessage(), e);
        }
    }

    private GuestImage buildLocked(ImageRecipe recipe, long start) {
        try {
            return buildIn(cache.buildDirectory(recipe.hash()), recipe, start);
        } catch (IOException e) {
            throw new ImageException("image build of " + recipe.hash() + " failed: " + e, e);
        }
    }

    private GuestImage buildIn(Path work, ImageRecipe recipe, long start) throws IOException {
        Mounts.removeTree(work);
        Files.createDirectories(work);
        OwnerFile.claim(work.resolve(ImageCache.OWNER_FILE));
        BuildSteps steps = new BuildSteps(work.resolve("build.log"));
        // Ctrl-C during a build: stop the running step, unmount, and leave no half image behind.
        CleanupScope.Registration cleanup = CleanupScope.current().register("image build in " + work, () -> {
            steps.abandon();
            Mounts.removeTree(work);
        });
        try {
            ImageManifest manifest = assemble(recipe, work, steps, start);
            manifest.write(work.resolve(ImageManifest.FILE_NAME));
            Files.delete(work.resolve(ImageCache.OWNER_FILE)); // the pid in the name covers the last moment
            Path target = cache.root().resolve(recipe.hash());
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            return new GuestImage(target, manifest);
        } catch (IOException | RuntimeException e) {
            Optional<Path> log = keepLog(work, recipe.hash());
            steps.abandon();
            RuntimeException failure = e instanceof ImageException && log.isPresent()
                    ? new ImageException(e.getMessage() + "\nthe whole log: " + log.get(), e)
                    : e instanceof RuntimeException r ? r : new ImageException("image build failed: " + e, e);
            try {
                Mounts.removeTree(work);
            } catch (RuntimeException removal) {
                failure.addSuppressed(removal); // the build's own failure is the one to report
            }
            throw failure;
        } finally {
            cleanup.forget(); // moved into the cache, or removed above
        }
    }

    private ImageManifest assemble(ImageRecipe recipe, Path work, BuildSteps steps, long start) throws IOException {
        Path rootfs = work.resolve("rootfs");
        // a whole Table-2 image took about 100 s on a fresh 2-core machine: most of it these first two steps
        progress.accept("step 1/3 (a fresh image takes about 2 min, then it is cached): debootstrap --variant=minbase "
                + recipe.release() + " from " + recipe.mirror().uri());
        steps.host("debootstrap", "--variant=minbase", "--arch=" + recipe.architecture(),
                "--components=" + String.join(",", ImageRecipe.COMPONENTS), recipe.release(), rootfs.toString(),
                recipe.mirror().uri());
        Files.writeString(rootfs.resolve("etc/apt/sources.list"), recipe.sourcesList());
        // Packages' maintainer scripts must not start services inside the build root.
        Path policy = rootfs.resolve("usr/sbin/policy-rc.d");
        Files.writeString(policy, "#!/bin/sh\n# virtbench image build: start no services\nexit 101\n");
        Files.setPosixFilePermissions(policy, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path proc = rootfs.resolve("proc");
        steps.host("mount", "-t", "proc", "proc", proc.toString());
        try {
            progress.accept("step 2/3: apt-get install " + String.join(" ", recipe.packages()));
            steps.chroot(rootfs, "apt-get", "update");
            // debootstrap installs the release's base; the host runs its -updates and -security versions
            steps.chroot(rootfs, "apt-get", "upgrade", "-y", "-o", "Dpkg::Use-Pty=0",
                    "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold");
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends",
                    "-o", "Dpkg::Use-Pty=0", "-o", "Dpkg::Options::=--force-confdef",
                    "-o", "Dpkg::Options::=--force-confold"));
            install.addAll(recipe.packages());
            steps.chroot(rootfs, install.toArray(String[]::new));
            steps.chroot(rootfs, "apt-get", "clean");
            progress.accept("step 3/3: generating SSH host keys for this image");
            deleteMatching(rootfs.resolve("etc/ssh"), "ssh_host_*");
            steps.chroot(rootfs, "ssh-keygen", "-A");
        } finally {
            // not through steps: after a failure this must neither be refused nor hide the failure
            HostCommands.run("umount", proc.toString());
        }
        Files.delete(policy);
        // The package lists are 50 MB of no use in guests that never install anything.
        deleteMatching(rootfs.resolve("var/lib/apt/lists"), "*_*");
        Map<String, String> versions = packageVersions(rootfs, recipe.packages());
        Map<String, String> keys = hostKeys(rootfs.resolve("etc/ssh"));
        long bytes = apparentSize(rootfs);
        String debootstrap = HostCommands.run("dpkg-query", "-W", "-f=${Version}", "debootstrap").stdout().trim();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new ImageManifest(recipe.hash(), recipe, Instant.now().toString(), seconds, debootstrap, versions, keys,
                bytes);
    }

    /**
     * The installed version of each package, as dpkg in the guest's database records it; public for
     * backends that boot a rootfs of their own and record its versions (the guest column of Table 2).
     */
    public static Map<String, String> packageVersions(Path rootfs, List<String> packages) {
        List<String> argv = new ArrayList<>(List.of("dpkg-query", "--admindir=" + rootfs.resolve("var/lib/dpkg"),
                "-W", "-f=${Package}\t${Version}\t${db:Status-Abbrev}\n"));
        argv.addAll(packages);
        CommandResult result = HostCommands.run(argv.toArray(String[]::new));
        Map<String, String> versions = new LinkedHashMap<>();
        for (String line : result.stdout().split("\n")) {
            String[] f = line.split("\t");
            if (f.length >= 3 && f[2].startsWith("ii")) {
                versions.put(f[0], f[1]);
            }
        }
        for (String p : packages) {
            // a virtual package name is satisfied by another package; say so rather than drop it
            versions.putIfAbsent(p, "(not installed under this name)");
        }
        return versions;
    }

    private static Map<String, String> hostKeys(Path sshDir) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sshDir, "ssh_host_*_key.pub")) {
            for (Path key : entries) {
                keys.put(key.getFileName().toString(), Files.readString(key).trim());
            }
        }
        if (keys.isEmpty()) {
            throw new ImageException("ssh-keygen -A made no host keys in " + sshDir);
        }
        return keys;
    }

    private static long apparentSize(Path dir) {
        CommandResult du = HostCommands.run("du", "-sb", dir.toString());
        try {
            return Long.parseLong(du.stdout().trim().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteMatching(Path dir, String glob) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(entry);
                }
            }
        }
    }

    /** A failed build's log outlives its directory, as {@code failed-<hash>.log} in the cache. */
    private Optional<Path> keepLog(Path work, String hash) {
        try {
            Path log = work.resolve("build.log");
            if (Files.exists(log)) {
                Path kept = cache.root().resolve("failed-" + hash + ".log");
                Files.copy(log, kept, StandardCopyOption.REPLACE_EXISTING);
                return Optional.of(kept);
            }
        } catch (IOException e) {
            // the exception being thrown already carries the end of the log
        }
        return Optional.empty();
    }

    /**
     * @throws ImageException saying how to run as root unless {@code uid} is 0
     */
    static void requireRoot(int uid) {
        if (uid != 0) {
            throw new ImageException("building a guest image needs root (debootstrap, chroot and mount do), "
                    + "and this process runs as uid " + uid + "; run it as root, e.g. sudo ./virtbench image build");
        }
    }

    /** This process's effective uid: the owner of {@code /proc/self}; -1 when it cannot be read. */
    static int effectiveUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return -1;
        }
    }
}
