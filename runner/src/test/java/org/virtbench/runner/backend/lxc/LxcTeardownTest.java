package org.virtbench.runner.backend.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.runner.image.GuestImage;
import org.virtbench.runner.image.ImageCache;
import org.virtbench.runner.image.ImageManifest;
import org.virtbench.runner.image.ImageRecipe;
import org.virtbench.runner.image.TestImages;
import org.virtbench.runner.peer.PeerNetwork;
import org.virtbench.runner.system.Mounts;

/** Teardown in the bad cases: a provisioning that fails midway, and the leftovers of a killed run. */
class LxcTeardownTest {
    @BeforeAll
    static void image() {
        TestImages.ensure();
    }

    @Test
    void aProvisioningThatFailsMidwayReleasesWhatItMade(@TempDir Path cacheRoot) throws IOException {
        // an "image" whose root is empty: overlays mount, the network comes up, the containers cannot start
        ImageRecipe recipe = ImageRecipe.forHost(List.of("bzip2"), Optional.empty());
        Path dir = Files.createDirectories(cacheRoot.resolve(recipe.hash()).resolve("rootfs")).getParent();
        new ImageManifest(recipe.hash(), recipe, Instant.now().toString(), 0, "-", Map.of(), Map.of(), 0)
                .write(dir.resolve(ImageManifest.FILE_NAME));
        LxcBackend broken = new LxcBackend("", new ImageCache(cacheRoot));
        Set<String> linksBefore = links();
        Set<Path> cgroupsBefore = lxcCgroups();

        BackendException e = assertThrows(BackendException.class,
                () -> broken.provision(new ProvisionRequest(3, 64L << 20, true, List.of("bzip2"), cacheRoot)));

        assertTrue(e.getMessage().contains("did not start"), e.getMessage());
        assertEquals(List.of(), ownRuns(), "run directories left");
        String ownRunPrefix = LxcRuns.BASE.resolve("run-" + ProcessHandle.current().pid() + "-").toString();
        assertEquals(List.of(), Mounts.under(LxcRuns.BASE).stream()
                .filter(m -> m.mountPoint().toString().startsWith(ownRunPrefix)).toList(), "mounts left");
        // other engineers' runs may add bridges meanwhile: guest veths are this backend's alone,
        // and a peer network of this process is known by its state file
        assertEquals(Set.of(), difference(links(), linksBefore).stream()
                .filter(l -> l.matches("vb[0-9]+g[0-9]+")).collect(java.util.stream.Collectors.toSet()), "veths left");
        assertEquals(List.of(), ownNetworks(), "peer networks left");
        assertEquals(Set.of(), difference(lxcCgroups(), cgroupsBefore), "cgroups left");
    }

    @Test
    void theNextProvisioningSweepsTheContainersOfADeadRun(@TempDir Path output) throws Exception {
        Process owner = new ProcessBuilder("sleep", "600").start();
        PeerNetwork network = PeerNetwork.create(false);
        CgroupLayout layout = CgroupLayout.detect();
        Path run = LxcRuns.BASE.resolve("run-" + owner.pid() + "-1");
        String name = "vb" + network.slot() + "g0";
        try {
            Files.createDirectories(run);
            Files.writeString(run.resolve("owner"), owner.pid() + " "
                    + owner.info().startInstant().map(Instant::toString).orElse("-") + "\n");
            LxcContainer orphan = new LxcContainer(name, run);
            orphan.prepare(TestImages.image(), new LxcConfig(name, orphan.rootfs(), network.bridge(),
                    network.guestAddress(0), network.prefixLength(), network.hostAddress(),
                    layout.memoryConfig(64L << 20)));
            orphan.start();
            assertTrue(Mounts.isMountPoint(orphan.rootfs()));
            assertTrue(Files.exists(Path.of("/sys/class/net", name)));
            assertFalse(layout.leftovers(List.of(name)).isEmpty());

            LxcBackend backend = new LxcBackend("", ImageCache.user());
            Probe probe = backend.probe();
            assertTrue(probe.available(), probe.reason());
            Provisioning alive = backend.provision(new ProvisionRequest(1, 64L << 20, false, List.of(), output));
            alive.close();
            assertTrue(Files.isDirectory(run), "a live owner's run must be left alone");

            owner.destroyForcibly().waitFor();
            alive = backend.provision(new ProvisionRequest(1, 64L << 20, false, List.of(), output));
            alive.close();

            assertFalse(Files.exists(run), "the dead run's directory is still there");
            assertFalse(Files.readString(Path.of("/proc/mounts")).contains(run.toString()), "its overlay is still mounted");
            assertFalse(Files.exists(Path.of("/sys/class/net", name)), "its veth is still there");
            assertEquals(List.of(), layout.leftovers(List.of(name)), "its cgroups are still there");
        } finally {
            owner.destroyForcibly();
            LxcRuns.remove(run, layout);
            network.close();
        }
    }

    @Test
    void theProbeSaysHowToGetAnImage(@TempDir Path emptyCache) {
        Probe probe = new LxcBackend("", new ImageCache(emptyCache)).probe();
        assertFalse(probe.available());
        assertTrue(probe.reason().contains("./virtbench image build"), probe.reason());
        Probe named = new LxcBackend("ffff", ImageCache.user()).probe();
        assertFalse(named.available());
        assertTrue(named.reason().contains("image list"), named.reason());
        GuestImage image = TestImages.image();
        assertTrue(new LxcBackend(image.hash(), ImageCache.user()).probe().available());
    }

    @Test
    void aNamedImageMustHoldTheRequestedPackages() {
        LxcBackend backend = new LxcBackend(TestImages.image().hash(), ImageCache.user());
        BackendException e = assertThrows(BackendException.class, () -> backend.imageFor(List.of("bzip2", "netperf")));
        assertTrue(e.getMessage().contains("lacks netperf") && e.getMessage().contains("image build --packages"),
                e.getMessage());
        assertEquals(TestImages.image(), backend.imageFor(List.of("bzip2")));
    }

    private static List<Path> ownRuns() throws IOException {
        if (!Files.isDirectory(LxcRuns.BASE)) {
            return List.of();
        }
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(LxcRuns.BASE,
                "run-" + ProcessHandle.current().pid() + "-*")) {
            return toList(runs);
        }
    }

    /** The peer networks whose state file names this process as owner. */
    private static List<Path> ownNetworks() throws IOException {
        Path dir = Path.of(PeerNetwork.STATE_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> own = new java.util.ArrayList<>();
        try (DirectoryStream<Path> states = Files.newDirectoryStream(dir)) {
            for (Path state : states) {
                if (Files.readString(state).trim().equals(Long.toString(ProcessHandle.current().pid()))) {
                    own.add(state);
                }
            }
        }
        return own;
    }

    private static List<Path> toList(Iterable<Path> paths) {
        List<Path> list = new java.util.ArrayList<>();
        paths.forEach(list::add);
        return list;
    }

    private static Set<String> links() throws IOException {
        try (var entries = Files.list(Path.of("/sys/class/net"))) {
            return entries.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<Path> lxcCgroups() {
        Set<Path> found = new TreeSet<>();
        for (Path h : CgroupLayout.detect().hierarchies()) {
            try (var walk = Files.walk(h, 4)) {
                walk.filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith("lxc.")
                        && !p.getFileName().toString().equals("lxc.pivot") && Files.isDirectory(p)).forEach(found::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // raced with a removal
            }
        }
        return found;
    }

    private static <T> Set<T> difference(Set<T> after, Set<T> before) {
        Set<T> added = new java.util.HashSet<>(after);
        added.removeAll(before);
        return added;
    }
}
