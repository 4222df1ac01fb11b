package org.virtbench.runner.backend.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.virtbench.backend.BackendException;
import org.virtbench.runner.transport.ssh.PinnedHostKey;

/**
 * The root filesystem a QEMU guest boots, and the SSH host key pinned from it. Any Debian root
 * filesystem with OpenSSH's server and host keys will do; the image builder makes them, with host
 * keys generated at build time. What a tree holds is read from its own dpkg database, so no
 * particular manifest format is assumed.
 *
 * @param rootfs  the tree
 * @param hostKey the public half of the guest's host key, from {@code etc/ssh/}
 */
public record BootImage(Path rootfs, PinnedHostKey hostKey) {
    private static final List<String> HOST_KEYS = List.of("ssh_host_ed25519_key.pub", "ssh_host_ecdsa_key.pub", "ssh_host_rsa_key.pub");

    /** The environment variable naming a root filesystem when the argument does not. */
    static final String ROOTFS_VARIABLE = "VIRTBENCH_QEMU_ROOTFS";

    /**
     * The image to boot for a workload that needs {@code packages}: {@code rootfs=} of the
     * argument, else {@value #ROOTFS_VARIABLE}, else the smallest image in the image cache
     * ({@code <cache>/virtbench/images/<hash>/rootfs}) that has sshd and every package.
     *
     * @throws BackendException saying what is missing and how to get it
     */
    public static BootImage locate(QemuSettings settings, List<String> packages) {
        Optional<Path> chosen = settings.rootfs()
                .or(() -> Optional.ofNullable(System.getenv(ROOTFS_VARIABLE)).filter(v -> !v.isBlank()).map(Path::of));
        if (chosen.isPresent()) {
            BootImage image = of(chosen.get());
            List<String> missing = missing(chosen.get(), packages);
            if (!missing.isEmpty()) {
                throw new BackendException("the guest image " + chosen.get() + " lacks the packages " + missing
                        + " the workload needs; build an image that has them");
            }
            return image;
        }
        Path images = settings.cache().getParent().resolve("images");
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(images)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(images)) {
                for (Path entry : entries) {
                    Path rootfs = entry.resolve("rootfs");
                    if (!entry.getFileName().toString().startsWith(".") && Files.isRegularFile(rootfs.resolve("usr/sbin/sshd"))
                            && missing(rootfs, packages).isEmpty()) {
                        candidates.add(rootfs);
                    }
                }
            } catch (IOException e) {
                throw new BackendException("cannot list guest images in " + images + ": " + e.getMessage(), e);
            }
        }
        return candidates.stream()
                .min(Comparator.comparingInt(BootImage::packageCount))
                .map(BootImage::of)
                .orElseThrow(() -> new BackendException("no guest image with openssh-server and " + packages + " in " + images
                        + "; build one (debootstrap with openssh-server) or pass qemu:rootfs=DIR or set " + ROOTFS_VARIABLE));
    }

    /** The image in {@code rootfs}, checked for what booting it over SSH needs. */
    static BootImage of(Path rootfs) {
        if (!Files.isDirectory(rootfs)) {
            throw new BackendException("the guest root filesystem " + rootfs + " does not exist");
        }
        for (String needed : List.of("bin/sh", "usr/sbin/sshd")) {
            if (!Files.exists(rootfs.resolve(needed))) {
                throw new BackendException("the guest root filesystem " + rootfs + " has no /" + needed
                        + "; the image needs Debian's openssh-server");
            }
        }
        for (String name : HOST_KEYS) {
            Path key = rootfs.resolve("etc/ssh").resolve(name);
            if (Files.isRegularFile(key)) {
                return new BootImage(rootfs, PinnedHostKey.read(key));
            }
        }
        throw new BackendException("the guest root filesystem " + rootfs + " has no SSH host key in /etc/ssh;"
                + " the image build must generate one (ssh-keygen -A in the image)");
    }

    /** Root's login shell as the image's {@code /etc/passwd} says. */
    public Optional<String> rootShell() {
        try {
            return Files.readAllLines(rootfs.resolve("etc/passwd"), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("root:"))
                    .map(l -> l.substring(l.lastIndexOf(':') + 1))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The packages of {@code wanted} that the tree's dpkg database does not list as installed. */
    static List<String> missing(Path rootfs, List<String> wanted) {
        Set<String> installed = installed(rootfs);
        return wanted.stream().filter(p -> !installed.contains(p)).toList();
    }

    private static int packageCount(Path rootfs) {
        return installed(rootfs).size();
    }

    private static Set<String> installed(Path rootfs) {
        Set<String> installed = new HashSet<>();
        Path status = rootfs.resolve("var/lib/dpkg/status");
        if (!Files.isRegularFile(status)) {
            return installed;
        }
        try {
            String name = null;
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("Package: ")) {
                    name = line.substring(9).trim();
                } else if (line.startsWith("Status: ") && line.endsWith(" installed") && name != null) {
                    installed.add(name);
                }
            }
        } catch (IOException e) {
            throw new BackendException("cannot read " + status + ": " + e.getMessage(), e);
        }
        return installed;
    }
}
