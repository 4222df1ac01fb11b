package org.virtbench.runner.backend.qemu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.virtbench.backend.BackendException;

/**
 * The guest's initrd: a gzip-compressed cpio archive with a static busybox, the kernel modules
 * of {@link GuestKernel} in load order, {@code /init} (resource {@code initrd-init.sh}), and in
 * {@code /virtbench/} the guest's init ({@code guest-init.sh}) and the {@code authorized_keys}
 * the SSH server reads. The initrd puts the latter two on the guest's {@code /run} at boot, so the
 * guest disk stays exactly the image's root filesystem and one base disk serves every client key.
 *
 * <p>Built in memory (a few MB), named by the hash of its content and cached as
 * {@code <cache>/initrd/initrd-<hash>.img}.
 */
final class Initrd {
    static final String INITRD_INIT = "initrd-init.sh";
    static final String GUEST_INIT = "guest-init.sh";

    private Initrd() {
    }

    /**
     * The cached initrd for this kernel and client key, built first when missing.
     *
     * @param authorizedKeys the {@code authorized_keys} content for root in the guest
     */
    static Path ensure(GuestKernel kernel, String authorizedKeys, Path cache) {
        byte[] image = build(kernel, authorizedKeys);
        String hash = sha256(image).substring(0, 16);
        Path dir = cache.resolve("initrd");
        Path target = dir.resolve("initrd-" + hash + ".img");
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, ".initrd-", ".part");
            Files.write(partial, image);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new BackendException("cannot write the initrd to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The compressed archive. Deterministic: the same inputs give the same bytes. */
    static byte[] build(GuestKernel kernel, String authorizedKeys) {
        try {
            Cpio cpio = new Cpio()
                    .directory("bin", 0755)
                    .directory("dev", 0755)
                    .characterDevice("dev/console", 0600, 5, 1)
                    .directory("lib", 0755)
                    .directory("lib/modules", 0755)
                    .directory("virtbench", 0755)
                    .file("init", 0755, resource(INITRD_INIT))
                    .file("bin/busybox", 0755, Files.readAllBytes(kernel.busybox()));
            for (Path module : kernel.modules()) {
                cpio.file("lib/modules/" + module.getFileName(), 0644, Files.readAllBytes(module));
            }
            cpio.file("virtbench/init", 0755, resource(GUEST_INIT))
                    .file("virtbench/authorized_keys", 0600, (authorizedKeys.strip() + "\n").getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
                gzip.write(cpio.finish());
            }
            return compressed.toByteArray();
        } catch (IOException e) {
            throw new BackendException("cannot read the guest kernel's files: " + e.getMessage(), e);
        }
    }

    /** A script shipped with virtbench, from the classpath. */
    static byte[] resource(String name) {
        try (InputStream in = Initrd.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the virtbench runner");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
