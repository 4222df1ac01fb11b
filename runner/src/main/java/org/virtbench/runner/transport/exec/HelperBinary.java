package org.virtbench.runner.transport.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.virtbench.runner.system.StateFolders;

/**
 * The exec helper's program: {@code vb-exec.c}, shipped as a resource, built once per version of
 * its source with the host's C compiler into a static binary that runs on the host and, copied,
 * in any x86-64 Linux guest (LXC root, qemu image, ssh machine) whatever libc it has. Kept in the
 * state root's private {@code exec-helper} area, one folder per source digest.
 */
public final class HelperBinary {
    private static final String SOURCE = "vb-exec.c";
    private static volatile Path built;

    private HelperBinary() {
    }

    /**
     * The built helper, compiled on first use.
     *
     * @throws IOException naming what is missing (the package to install) or what failed
     */
    public static synchronized Path path() throws IOException {
        if (built != null && Files.isExecutable(built)) {
            return built;
        }
        byte[] source;
        try (InputStream in = HelperBinary.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException(SOURCE + " is missing from the runner's jar");
            }
            source = in.readAllBytes();
        }
        Path folder = StateFolders.checkedFolder(StateFolders.area("exec-helper").resolve(digest(source)));
        Path binary = folder.resolve("vb-exec");
        if (!Files.isRegularFile(binary, LinkOption.NOFOLLOW_LINKS)) {
            compile(source, folder, binary);
        }
        built = binary;
        return binary;
    }

    private static void compile(byte[] source, Path folder, Path binary) throws IOException {
        Path src = Files.createTempFile(folder, "vb-exec", ".c", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Path out = folder.resolve(src.getFileName() + ".bin");
        try {
            Files.write(src, source);
            List<String> argv = List.of("gcc", "-static", "-O2", "-o", out.toString(), src.toString());
            Process gcc;
            try {
                gcc = new ProcessBuilder(argv).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IOException("cannot build the exec helper: gcc not found (install the Debian packages "
                        + "gcc and libc6-dev: scripts/install-deps.sh does)", e);
            }
            String log = new String(gcc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                gcc.destroyForcibly();
                throw new IOException("cannot build the exec helper with gcc -static (the Debian package libc6-dev "
                        + "holds the static libc): " + log.strip());
            }
            Files.move(out, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the exec helper", e);
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(out);
        }
    }

    private static String digest(byte[] source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
