package org.virtbench.runner.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageRecipeTest {
    private static final HostDistribution BOOKWORM = new HostDistribution("debian", "bookworm", "amd64");
    private static final List<AptSource> HOST = List.of(
            new AptSource("https://deb.nodesource.com/node_20.x", "nodistro", List.of("main")),
            new AptSource("http://mirror.example/debian", "bookworm-updates", List.of("main")),
            new AptSource("http://mirror.example/debian", "bookworm", List.of("main")),
            new AptSource("http://mirror.example/debian", "bookworm-backports", List.of("main")),
            new AptSource("http://mirror.example/debian-security", "bookworm-security", List.of("main")),
            new AptSource("https://packages.cloud.google.com/apt", "cloud-sdk-bookworm", List.of("main")));

    @Test
    void takesTheHostsDebianSuitesWithNonFreeAndTheReleaseMirrorFirst() {
        ImageRecipe recipe = ImageRecipe.of(BOOKWORM, HOST, List.of("bzip2"), Optional.empty());
        assertEquals(List.of(
                new AptSource("http://mirror.example/debian", "bookworm", List.of("main", "non-free")),
                new AptSource("http://mirror.example/debian", "bookworm-updates", List.of("main", "non-free")),
                new AptSource("http://mirror.example/debian-security", "bookworm-security", List.of("main", "non-free"))),
                recipe.sources());
        assertEquals("http://mirror.example/debian", recipe.mirror().uri());
        assertTrue(recipe.sourcesList().contains("deb http://mirror.example/debian bookworm main non-free\n"));
    }

    @Test
    void fallsBackToDebDebianOrgWhenTheHostNamesNoMirror() {
        ImageRecipe recipe = ImageRecipe.of(BOOKWORM, List.of(), List.of(), Optional.empty());
        assertEquals(List.of("bookworm", "bookworm-updates", "bookworm-security"),
                recipe.sources().stream().map(AptSource::suite).toList());
        assertEquals(ImageRecipe.FALLBACK_MIRROR, recipe.mirror().uri());
    }

    @Test
    void anotherReleaseRenamesTheSuites() {
        ImageRecipe recipe = ImageRecipe.of(BOOKWORM, HOST, List.of(), Optional.of("trixie"));
        assertEquals("trixie", recipe.release());
        assertEquals(List.of("trixie", "trixie-updates", "trixie-security"),
                recipe.sources().stream().map(AptSource::suite).toList());
    }

    @Test
    void packagesAreSortedDeduplicatedAndAlwaysHaveAnSshServer() {
        ImageRecipe recipe = ImageRecipe.of(BOOKWORM, HOST, List.of("rsync", "bzip2", "rsync"), Optional.empty());
        assertEquals(List.of("bzip2", "openssh-server", "rsync"), recipe.packages());
        assertEquals(List.of("bzip2", "rsync"), recipe.requestedPackages());
    }

    @Test
    void hashDependsOnContentNotOnOrder() {
        ImageRecipe a = ImageRecipe.of(BOOKWORM, HOST, List.of("rsync", "bzip2"), Optional.empty());
        ImageRecipe b = ImageRecipe.of(BOOKWORM, HOST, List.of("bzip2", "rsync", "openssh-server"), Optional.empty());
        assertEquals(a.hash(), b.hash());
        assertEquals(16, a.hash().length());
        assertNotEquals(a.hash(), ImageRecipe.of(BOOKWORM, HOST, List.of("bzip2"), Optional.empty()).hash());
        List<AptSource> otherMirror = List.of(new AptSource("http://snapshot.example/debian", "bookworm", List.of("main")));
        assertNotEquals(a.hash(), ImageRecipe.of(BOOKWORM, otherMirror, List.of("rsync", "bzip2"), Optional.empty()).hash());
        assertNotEquals(a.hash(), ImageRecipe.of(new HostDistribution("debian", "bookworm", "arm64"), HOST,
                List.of("rsync", "bzip2"), Optional.empty()).hash());
    }

    @Test
    void rejectsWhatIsNotAPackageName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageRecipe.of(BOOKWORM, HOST, List.of("bzip2; rm -rf /"), Optional.empty()));
        assertTrue(e.getMessage().contains("not a Debian package name"), e.getMessage());
    }

    @Test
    void coversIsASubsetTest() {
        ImageRecipe recipe = ImageRecipe.of(BOOKWORM, HOST, ImageRecipe.TABLE2_PACKAGES, Optional.empty());
        assertTrue(recipe.covers(List.of("bzip2", "netperf", "openssh-server")));
        assertTrue(!recipe.covers(List.of("fio")));
    }

    @Test
    void onlyDebianHostsWithACodenameQualify() {
        ImageException ubuntu = assertThrows(ImageException.class,
                () -> HostDistribution.of(Map.of("ID", "ubuntu", "VERSION_CODENAME", "noble"), "amd64"));
        assertTrue(ubuntu.getMessage().contains("not Debian"), ubuntu.getMessage());
        ImageException sid = assertThrows(ImageException.class, () -> HostDistribution.of(Map.of("ID", "debian"), "amd64"));
        assertTrue(sid.getMessage().contains("--release"), sid.getMessage());
        assertEquals(new HostDistribution("debian", "bookworm", "amd64"),
                HostDistribution.of(Map.of("ID", "debian", "VERSION_CODENAME", "bookworm"), "amd64"));
    }
}
