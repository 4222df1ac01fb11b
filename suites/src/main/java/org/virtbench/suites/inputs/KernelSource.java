package org.virtbench.suites.inputs;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestException;

/**
 * The kernel tree of kernel-build and rsync-tree: Debian's {@code linux-source-X.Y} package, a
 * tarball under {@code /usr/src} in the guest (or on the peer), unpacked once into
 * {@value #CACHE} and kept there. The tree is never written to afterwards: kernel-build builds out
 * of tree ({@code make O=...}), so n guests that share a filesystem share one tree.
 *
 * <p>A tree is named after its tarball's name, size and modification time, so an updated package
 * gets a fresh tree. Unpacking runs under {@code flock}, so n guests (or a guest and the peer) that
 * ask at once unpack it once; it goes to a temporary directory that is renamed into place last,
 * so a tree that exists is complete.
 */
public final class KernelSource {
    /** Where unpacked trees are kept, in the guest. */
    public static final String CACHE = "/var/cache/virtbench/kernel";
    /** The value of the {@code tarball} parameter that picks the newest {@code /usr/src/linux-source-*.tar.*}. */
    public static final String AUTO = "auto";

    // $1: the tree to create, $2: the tarball. Only positional parameters reach the shell: nothing to quote.
    private static final String UNPACK = """
            set -e
            [ -d "$1" ] && exit 0
            rm -rf "$1.partial"
            mkdir -p "$1.partial"
            tar -xf "$2" -C "$1.partial" --strip-components=1 --no-same-owner
            mv "$1.partial" "$1"
            """;

    private KernelSource() {
    }

    /**
     * The unpacked tree in {@code guest}, unpacking it first if this is the first time.
     *
     * @param tarball {@value #AUTO} or the guest path of a {@code linux-source} tarball
     * @return the tree's absolute path in the guest, holding the top-level {@code Makefile}
     * @throws GuestException when there is no tarball (naming the package to install) or unpacking fails
     */
    public static String unpacked(Guest guest, String tarball) {
        String source = AUTO.equals(tarball.trim()) ? newestTarball(guest) : tarball.trim();
        String stamp = guest.run("stat", "-L", "-c", "%s-%Y", source).requireSuccess().stdout().trim();
        String name = source.substring(source.lastIndexOf('/') + 1).replaceFirst("\\.tar(\\.[a-z0-9]+)?$", "");
        String tree = CACHE + "/" + name + "-" + stamp;
        guest.run("mkdir", "-p", CACHE).requireSuccess();
        guest.run(Command.of("flock", CACHE + "/.lock", "/bin/sh", "-c", UNPACK, "unpack", tree, source)
                .withTimeout(java.time.Duration.ofMinutes(30))).requireSuccess();
        if (!guest.run("test", "-f", tree + "/Makefile").ok()) {
            throw new GuestException(guest.name() + ": " + source + " unpacked to " + tree
                    + " has no top-level Makefile; is it a kernel source tarball?");
        }
        return tree;
    }

    /** The newest {@code linux-source-*} tarball under {@code /usr/src}, by version. */
    static String newestTarball(Guest guest) {
        CommandResult found = guest.run("find", "/usr/src", "-maxdepth", "1", "-type", "f", "-name", "linux-source-*.tar*");
        List<String> tarballs = Arrays.stream(found.stdout().split("\n")).map(String::trim).filter(s -> !s.isEmpty())
                .sorted(Comparator.comparing(KernelSource::versionKey)).toList();
        if (!found.ok() || tarballs.isEmpty()) {
            throw new GuestException(guest.name() + ": no kernel source tarball /usr/src/linux-source-*.tar.* found;"
                    + " install Debian's linux-source package (apt-get install linux-source), or name a tarball"
                    + " with -p tarball=/path/in/guest");
        }
        return tarballs.get(tarballs.size() - 1);
    }

    /** {@code linux-source-6.10.tar.xz} sorts after {@code linux-source-6.9.tar.xz}: numbers compare as numbers. */
    static String versionKey(String path) {
        StringBuilder key = new StringBuilder();
        for (String part : path.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)")) {
            key.append(part.chars().allMatch(Character::isDigit) ? "0".repeat(Math.max(0, 12 - part.length())) + part : part);
        }
        return key.toString();
    }
}
