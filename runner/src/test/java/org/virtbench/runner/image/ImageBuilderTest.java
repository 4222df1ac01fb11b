package org.virtbench.runner.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtbench.runner.system.Mounts;
import picocli.CommandLine;

/**
 * Builds (or finds) the small test image for real: debootstrap, apt, ssh-keygen, manifest. On a
 * machine without the image this takes about a minute; afterwards it is a cache hit.
 */
class ImageBuilderTest {
    @Test
    void theImageHoldsItsPackagesKeysAndSourcesAndItsManifestSaysSo() throws IOException {
        GuestImage image = TestImages.image();
        ImageManifest m = image.manifest();
        assertEquals(TestImages.recipe(), m.recipe());
        assertEquals(image.directory().getFileName().toString(), m.hash());
        for (String p : m.recipe().packages()) {
            assertTrue(m.packageVersions().get(p).matches("[0-9].*"), p + " has no version: " + m.packageVersions());
        }
        Path rootfs = image.rootfs();
        assertTrue(Files.isExecutable(rootfs.resolve("bin/bzip2")), "bzip2 is in the guest");
        assertTrue(Files.isExecutable(rootfs.resolve("usr/sbin/sshd")), "sshd is in the guest");
        assertFalse(Files.exists(rootfs.resolve("usr/sbin/policy-rc.d")), "the build's policy-rc.d is gone");
        assertTrue(Files.readString(rootfs.resolve("etc/apt/sources.list")).contains(" main non-free"),
                "the guest's apt has non-free, where netperf lives");
        assertFalse(m.sshHostKeys().isEmpty());
        for (Map.Entry<String, String> key : m.sshHostKeys().entrySet()) {
            Path pub = rootfs.resolve("etc/ssh").resolve(key.getKey());
            assertEquals(key.getValue(), Files.readString(pub).trim(), "the manifest pins the image's own key");
            Path secret = rootfs.resolve("etc/ssh").resolve(key.getKey().replace(".pub", ""));
            assertTrue(Files.isRegularFile(secret), "private half of " + key.getKey());
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(secret)), "the host key is readable by its owner only: " + secret);
            assertEquals(0, Files.getAttribute(secret, "unix:uid"), "and its owner is root: " + secret);
        }
        assertTrue(m.rootfsBytes() > 50_000_000L, "a minbase system with sshd is larger than " + m.rootfsBytes());
        assertTrue(Mounts.under(image.directory()).isEmpty(), "the build left a mount: " + Mounts.under(image.directory()));
        try (DirectoryStream<Path> builds = Files.newDirectoryStream(image.directory().getParent(), ".build-*")) {
            for (Path b : builds) {
                assertFalse(b.getFileName().toString().endsWith("-" + ProcessHandle.current().pid()),
                        "this process left a build directory: " + b);
            }
        }
    }

    @Test
    void aSecondBuildOfTheSameRecipeIsACacheHitInSeconds() {
        TestImages.ensure();
        ImageBuilder.Result again = new ImageBuilder(ImageCache.user(), step -> { }).build(TestImages.recipe());
        assertTrue(again.cached());
        assertEquals(TestImages.image(), again.image());
        assertTrue(again.elapsed().compareTo(Duration.ofSeconds(5)) < 0, "cache hit took " + again.elapsed());
    }

    @Test
    void imageBuildAndListOnTheCommandLine() {
        TestImages.ensure();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ImageCommand()).setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("build", "--packages", String.join(",", TestImages.PACKAGES)));
        assertTrue(out.toString().contains("cache hit"), out.toString());

        StringWriter listed = new StringWriter();
        cli = new CommandLine(new ImageCommand()).setOut(new PrintWriter(listed));
        assertEquals(0, cli.execute("list"));
        GuestImage image = TestImages.image();
        assertTrue(listed.toString().contains(image.hash()), listed.toString());
        assertTrue(listed.toString().contains(image.manifest().packageVersions().get("bzip2")), listed.toString());
    }

    @Test
    void withoutRootTheBuildSaysSo() {
        ImageException e = assertThrows(ImageException.class, () -> ImageBuilder.requireRoot(1000));
        assertTrue(e.getMessage().contains("needs root") && e.getMessage().contains("uid 1000"), e.getMessage());
        ImageBuilder.requireRoot(0);
    }
}
