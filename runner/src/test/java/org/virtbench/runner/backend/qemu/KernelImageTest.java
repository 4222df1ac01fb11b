package org.virtbench.runner.backend.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelImageTest {
    @TempDir
    Path dir;

    /** A minimal ELF64 image with one PT_NOTE holding a Xen note of {@code noteType}. */
    static byte[] elf(int noteType) {
        ByteBuffer b = ByteBuffer.allocate(140).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putLong(0x20, 64).putShort(0x36, (short) 56).putShort(0x38, (short) 1);
        b.putInt(64, 4).putLong(64 + 8, 120).putLong(64 + 0x20, 20);
        b.putInt(120, 4).putInt(124, 4).putInt(128, noteType);
        b.position(132);
        b.put("Xen\0".getBytes(StandardCharsets.US_ASCII)).putInt(0x1000000);
        return b.array();
    }

    /** A boot image whose payload (gzip, with the size the kernel build appends) is {@code kernel}. */
    static byte[] bzImage(byte[] kernel) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(kernel);
        }
        byte[] payload = gz.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(1024 + 16 + payload.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1f1, (byte) 1).putInt(0x202, 0x53726448).putInt(0x248, 16).putInt(0x24c, payload.length + 4);
        b.position(1024 + 16);
        b.put(payload).putInt(kernel.length);
        return b.array();
    }

    @Test
    void findsThePvhEntryNote() {
        assertTrue(KernelImage.hasPvhEntry(elf(18)));
        assertFalse(KernelImage.hasPvhEntry(elf(17)));
        assertFalse(KernelImage.hasPvhEntry("not an elf at all, but long enough to be parsed as one...........".getBytes()));
    }

    @Test
    void unpacksTheKernelOfABootImage() throws IOException {
        byte[] kernel = elf(18);
        Path image = Files.write(dir.resolve("vmlinuz"), bzImage(kernel));
        Path target = dir.resolve("vmlinux");
        assertEquals(Optional.empty(), KernelImage.extractVmlinux(image, target));
        assertArrayEquals(kernel, Files.readAllBytes(target));

        Path noPvh = Files.write(dir.resolve("vmlinuz-old"), bzImage(elf(17)));
        assertTrue(KernelImage.extractVmlinux(noPvh, dir.resolve("x")).orElseThrow().contains("PVH"));
        assertTrue(KernelImage.extractVmlinux(target, dir.resolve("y")).orElseThrow().contains("not an x86 boot image"));
    }
}
