package org.virtbench.runner.system;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads text that others write and virtbench only looks at (a guest's serial console, QEMU's own
 * log): bytes that are not UTF-8 (a console's line noise, a kernel's binary junk) become U+FFFD
 * instead of an exception that would hide the rest, and only the end of a file that keeps
 * growing is read, so a chatty guest costs a bounded read each time.
 */
public final class TextFiles {
    private TextFiles() {
    }

    /**
     * The last {@code maxBytes} of {@code file} as text (a character cut in two at the start
     * becomes U+FFFD); empty when the file does not exist.
     */
    public static String tail(Path file, int maxBytes) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return "";
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long from = Math.max(0, size - maxBytes);
            ByteBuffer bytes = ByteBuffer.allocate((int) (size - from));
            while (bytes.hasRemaining() && channel.read(bytes, from + bytes.position()) > 0) {
                // a file that shrank meanwhile ends the read early
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        }
    }
}
