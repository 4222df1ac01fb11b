package org.virtbench.suites.inputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.plan.DataSize;

class IsoImageTest {
    private static byte[] content(long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IsoImage.write(out, size);
        return out.toByteArray();
    }

    @Test
    void theSameSizeGivesTheSameBytes() throws IOException {
        assertArrayEquals(content(3 << 20), content(3 << 20));
    }

    @Test
    void aSmallerImageIsAPrefixOfALargerOne() throws IOException {
        byte[] small = content(1_000_003);
        byte[] large = content(4 << 20);
        assertEquals(1_000_003, small.length);
        assertArrayEquals(small, Arrays.copyOf(large, small.length));
    }

    /**
     * Pins the generator: cached images are named by {@link IsoImage#FORMAT}, so any change of the
     * bytes must bump it, and then this digest.
     */
    @Test
    void theBytesAreThoseOfFormat1() throws IOException, NoSuchAlgorithmException {
        assertEquals(1, IsoImage.FORMAT);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content(1 << 20)));
        assertEquals(FORMAT_1_FIRST_MIB_SHA256, digest);
    }

    private static final String FORMAT_1_FIRST_MIB_SHA256 =
            "92e4106949d6f788634f4902e6232f395e8995d28ea4e8cd395fa5b3abd82c7d";

    /** Neither zeros nor noise: a compressor saves something, but far less than on text. */
    @Test
    void compressesLikeADistributionImage() throws IOException {
        byte[] image = content(16 << 20);
        Deflater deflater = new Deflater(9);
        deflater.setInput(image);
        deflater.finish();
        byte[] buffer = new byte[1 << 16];
        long compressed = 0;
        while (!deflater.finished()) {
            compressed += deflater.deflate(buffer);
        }
        double ratio = (double) compressed / image.length;
        assertTrue(ratio > 0.75 && ratio < 0.95, "deflate kept " + ratio + " of the image");
        long zeros = 0;
        for (byte b : image) {
            zeros += b == 0 ? 1 : 0;
        }
        assertTrue(zeros < image.length / 20, zeros + " zero bytes");
    }

    @Test
    void generatesOnceIntoTheCache(@TempDir Path cache) throws IOException {
        Path first = IsoImage.generated(DataSize.ofMebibytes(2), cache);
        assertEquals(2 << 20, Files.size(first));
        assertTrue(first.getFileName().toString().startsWith("iso-v1-"), first.toString());
        long modified = Files.getLastModifiedTime(first).toMillis();
        Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.fromMillis(modified - 60_000));
        Path again = IsoImage.generated(DataSize.ofMebibytes(2), cache);
        assertEquals(first, again);
        assertEquals(modified - 60_000, Files.getLastModifiedTime(again).toMillis(), "regenerated instead of reused");
        try (var files = Files.list(cache)) {
            assertEquals(1, files.count(), "temporary files left behind");
        }
    }

    @Test
    void aRealImageIsUsedAsItIs(@TempDir Path dir) throws IOException {
        Path real = Files.write(dir.resolve("real.iso"), new byte[] {1, 2, 3});
        assertEquals(real, IsoImage.resolve(real.toString(), DataSize.ofMebibytes(433)));
    }

    @Test
    void aMissingRealImageSaysSo(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IsoImage.resolve(dir.resolve("nope.iso").toString(), DataSize.ofMebibytes(1)));
        assertTrue(e.getMessage().contains("iso=generated"), e.getMessage());
    }
}
