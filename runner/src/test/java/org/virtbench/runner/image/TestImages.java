package org.virtbench.runner.image;

import java.util.List;
import java.util.Optional;

/**
 * The guest image the tests run: a small recipe (bzip2, iproute2 and the always-present SSH
 * server) so that a fresh machine builds it in about a minute, reused from the user's cache when
 * it is there. Built at most once per test JVM; a build failure fails the calling test.
 */
public final class TestImages {
    /** What the tests' guests need: bzip2 for the workload, iproute2 to inspect the network. */
    public static final List<String> PACKAGES = List.of("bzip2", "iproute2");

    private static ImageBuilder.Result result;

    private TestImages() {
    }

    /** The recipe of the test image on this host. */
    public static ImageRecipe recipe() {
        return ImageRecipe.forHost(PACKAGES, Optional.empty());
    }

    /** Builds the test image into the user's cache unless it is there, and returns that outcome. */
    public static synchronized ImageBuilder.Result ensure() {
        if (result == null) {
            long start = System.nanoTime();
            result = new ImageBuilder(ImageCache.user(), step -> System.out.printf("[test image %6.1f s] %s%n",
                    (System.nanoTime() - start) / 1e9, step)).build(recipe());
            System.out.printf("test image %s: %s in %.1f s%n", result.image().hash(),
                    result.cached() ? "cache hit" : "built", result.elapsed().toNanos() / 1e9);
        }
        return result;
    }

    /** The test image, built if needed. */
    public static GuestImage image() {
        return ensure().image();
    }
}
