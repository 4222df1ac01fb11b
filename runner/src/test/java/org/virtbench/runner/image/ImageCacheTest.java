package org.virtbench.runner.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.system.OwnerFile;

class ImageCacheTest {
    private static final HostDistribution HOST = new HostDistribution("debian", "bookworm", "amd64");
    private static final List<AptSource> SOURCES = List.of(new AptSource("http://m.example/debian", "bookworm", List.of("main")));

    private static ImageRecipe recipe(String... packages) {
        return ImageRecipe.of(HOST, SOURCES, List.of(packages), Optional.empty());
    }

    private static GuestImage fake(ImageCache cache, ImageRecipe recipe, String builtAt) throws IOException {
        Path dir = Files.createDirectories(cache.root().resolve(recipe.hash()).resolve("rootfs")).getParent();
        ImageManifest manifest = new ImageManifest(recipe.hash(), recipe, builtAt, 1.5, "1.0",
                Map.of("bzip2", "1.0.8"), Map.of("ssh_host_ed25519_key.pub", "ssh-ed25519 AAAA"), 1234);
        manifest.write(dir.resolve(ImageManifest.FILE_NAME));
        return new GuestImage(dir, manifest);
    }

    @Test
    void anImageIsADirectoryWithRootfsAndManifestAndItsManifestRoundTrips(@TempDir Path root) throws IOException {
        ImageCache cache = new ImageCache(root);
        ImageRecipe r = recipe("bzip2");
        assertEquals(Optional.empty(), cache.find(r.hash()));
        GuestImage written = fake(cache, r, "2025-01-01T00:00:00Z");
        assertEquals(Optional.of(written), cache.find(r.hash()));
        assertEquals(r, cache.find(r.hash()).orElseThrow().manifest().recipe());
    }

    @Test
    void buildDirectoriesAndBrokenManifestsAreNotImages(@TempDir Path root) throws IOException {
        ImageCache cache = new ImageCache(root);
        Files.createDirectories(root.resolve(ImageCache.BUILD_PREFIX + "abc-1/rootfs"));
        Path broken = Files.createDirectories(root.resolve("0123456789abcdef/rootfs")).getParent();
        Files.writeString(broken.resolve(ImageManifest.FILE_NAME), "{ not json");
        GuestImage good = fake(cache, recipe("bzip2"), "2025-01-01T00:00:00Z");
        assertEquals(List.of(good), cache.list());
    }

    @Test
    void findForPrefersTheExactRecipeThenTheSmallestImageThatCoversIt(@TempDir Path root) throws IOException {
        ImageCache cache = new ImageCache(root);
        GuestImage big = fake(cache, recipe("bzip2", "rsync", "netperf"), "2025-01-01T00:00:00Z");
        GuestImage small = fake(cache, recipe("bzip2", "rsync"), "2025-01-02T00:00:00Z");
        assertEquals(Optional.of(small), cache.findFor(recipe("bzip2")));
        assertEquals(Optional.of(big), cache.findFor(recipe("netperf")));
        GuestImage exact = fake(cache, recipe("bzip2"), "2025-01-03T00:00:00Z");
        assertEquals(Optional.of(exact), cache.findFor(recipe("bzip2")));
        assertEquals(Optional.empty(), cache.findFor(recipe("fio")));
        List<AptSource> other = List.of(new AptSource("http://other.example/debian", "bookworm", List.of("main")));
        assertEquals(Optional.empty(), cache.findFor(ImageRecipe.of(HOST, other, List.of("bzip2"), Optional.empty())),
                "an image from other sources may hold other versions");
        assertEquals(List.of(exact, small, big), cache.list(), "newest first");
    }

    @Test
    void sweepRemovesBuildsOfDeadProcessesOnly(@TempDir Path root) throws Exception {
        ImageCache cache = new ImageCache(root);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.createDirectories(root.resolve(ImageCache.BUILD_PREFIX + "aaaa-" + gone.pid() + "/rootfs/etc"));
        Files.writeString(dead.getParent().getParent().resolve(ImageCache.OWNER_FILE), gone.pid() + " -\n");
        Path deadNoOwner = Files.createDirectories(root.resolve(ImageCache.BUILD_PREFIX + "bbbb-" + gone.pid()));
        Path live = Files.createDirectories(root.resolve(ImageCache.BUILD_PREFIX + "cccc-" + ProcessHandle.current().pid()));
        OwnerFile.claim(live.resolve(ImageCache.OWNER_FILE));
        Path liveBeforeOwner = Files.createDirectories(
                root.resolve(ImageCache.BUILD_PREFIX + "dddd-" + ProcessHandle.current().pid()));

        assertEquals(2, cache.sweepStaleBuilds());
        assertFalse(Files.exists(dead.getParent().getParent()));
        assertFalse(Files.exists(deadNoOwner));
        assertTrue(Files.isDirectory(live));
        assertTrue(Files.isDirectory(liveBeforeOwner));
    }

    @Test
    void theUserCacheFollowsXdg() {
        Path expected = System.getenv("XDG_CACHE_HOME") != null && !System.getenv("XDG_CACHE_HOME").isBlank()
                ? Path.of(System.getenv("XDG_CACHE_HOME"), "virtbench", "images")
                : Path.of(System.getProperty("user.home"), ".cache", "virtbench", "images");
        assertEquals(expected, ImageCache.user().root());
    }
}
