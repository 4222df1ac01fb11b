package org.virtbench.runner.backend.qemu;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.transport.HostCommands;

/**
 * The uncompressed kernel ({@code vmlinux}) taken out of a compressed x86 boot image
 * ({@code vmlinuz}), for QEMU's PVH boot: QEMU loads an ELF kernel that carries the PVH entry
 * note and jumps to it directly, so the guest does not decompress itself. Under TCG that
 * decompression (XZ for Debian's kernels) takes 3 to 4 seconds of emulated CPU per guest; the
 * PVH boot reaches the kernel's first console line in half a second.
 *
 * <p>The payload is located exactly by the boot protocol's header ({@code setup_sects},
 * {@code payload_offset}, {@code payload_length}) and decompressed by its magic: gzip in Java,
 * XZ and zstd by the host's {@code xz} and {@code zstd}.
 */
final class KernelImage {
    private static final int PT_NOTE = 4;
    private static final int XEN_ELFNOTE_PHYS32_ENTRY = 18;

    private KernelImage() {
    }

    /**
     * Writes the ELF kernel inside {@code bzImage} to {@code target}.
     *
     * @return why not, when the image cannot be unpacked or its kernel has no PVH entry; the
     *         caller then boots the compressed image as it is
     */
    static Optional<String> extractVmlinux(Path bzImage, Path target) {
        try {
            byte[] image = Files.readAllBytes(bzImage);
            ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
            if (image.length < 0x250 || b.getInt(0x202) != 0x53726448) { // "HdrS"
                return Optional.of(bzImage + " is not an x86 boot image");
            }
            int setupSectors = image[0x1f1] & 0xff;
            int protectedMode = ((setupSectors == 0 ? 4 : setupSectors) + 1) * 512;
            int offset = protectedMode + b.getInt(0x248);
            int length = b.getInt(0x24c);
            if (offset < 0 || length <= 0 || offset + length > image.length) {
                return Optional.of(bzImage + " has no payload where its header says");
            }
            byte[] payload = Arrays.copyOfRange(image, offset, offset + length);
            Optional<byte[]> elf = decompress(payload, target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".payload"));
            if (elf.isEmpty()) {
                return Optional.of("the payload of " + bzImage + " is in a format without a decompressor here");
            }
            if (!hasPvhEntry(elf.get())) {
                return Optional.of("the kernel in " + bzImage + " has no PVH entry note (CONFIG_PVH)");
            }
            Path partial = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
            Files.write(partial, elf.get());
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot unpack " + bzImage + ": " + e);
        }
    }

    private static Optional<byte[]> decompress(byte[] payload, Path scratch) throws IOException {
        if (startsWith(payload, 0x1f, 0x8b)) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
                return Optional.of(in.readAllBytes());
            }
        }
        String tool = startsWith(payload, 0xfd, '7', 'z', 'X', 'Z', 0) ? "xz"
                : startsWith(payload, 0x28, 0xb5, 0x2f, 0xfd) ? "zstd" : null;
        if (tool == null || !HostCommands.has(tool)) {
            return Optional.empty();
        }
        Path out = scratch.resolveSibling(scratch.getFileName() + ".out");
        // The kernel build appends the uncompressed size (4 bytes) to the compressed stream.
        String command = tool.equals("xz") ? "xz -dc --single-stream" : "zstd -dcq";
        byte[] stream = tool.equals("zstd") ? Arrays.copyOf(payload, payload.length - 4) : payload;
        try {
            Files.write(scratch, stream);
            // The paths reach the shell through the environment, never spliced into the script.
            CommandResult r = HostCommands.run(Command.shell(command + " < \"$VB_IN\" > \"$VB_OUT\"")
                    .withEnv("VB_IN", scratch.toString()).withEnv("VB_OUT", out.toString()).withTimeout(Duration.ofMinutes(5)));
            return r.ok() && Files.isRegularFile(out) ? Optional.of(Files.readAllBytes(out)) : Optional.empty();
        } finally {
            Files.deleteIfExists(scratch);
            Files.deleteIfExists(out);
        }
    }

    /** True when the ELF image has a Xen note of type PHYS32_ENTRY, which QEMU's PVH loader needs. */
    static boolean hasPvhEntry(byte[] elf) {
        if (elf.length < 64 || !startsWith(elf, 0x7f, 'E', 'L', 'F') || elf[4] != 2) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = b.getShort(0x36) & 0xffff;
        int phnum = b.getShort(0x38) & 0xffff;
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (ph + 0x28 > elf.length || b.getInt(ph) != PT_NOTE) {
                continue;
            }
            long at = b.getLong(ph + 8);
            long end = at + b.getLong(ph + 0x20);
            while (at + 12 <= end && end <= elf.length) {
                int nameSize = b.getInt((int) at);
                int descSize = b.getInt((int) at + 4);
                int type = b.getInt((int) at + 8);
                String name = new String(elf, (int) at + 12, Math.max(0, nameSize - 1), StandardCharsets.US_ASCII);
                if (name.equals("Xen") && type == XEN_ELFNOTE_PHYS32_ENTRY) {
                    return true;
                }
                at += 12 + align4(nameSize) + align4(descSize);
            }
        }
        return false;
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xff) != (prefix[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
