package org.virtbench.runner.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelPipeTest {
    /** Reads one byte on a thread of its own, which then ends. */
    private static int readOnAThreadThatEnds(InputStream in) throws Exception {
        int[] got = new int[1];
        Thread reader = new Thread(() -> {
            try {
                got[0] = in.read();
            } catch (IOException e) {
                got[0] = -2;
            }
        });
        reader.start();
        reader.join();
        return got[0];
    }

    @Test
    void aWriteAfterTheLastReaderEndedStillArrives() throws Exception {
        // the JDK's pipe, as JSch's channel stream is: the write fails once the last reader ended
        PipedInputStream jdkIn = new PipedInputStream();
        PipedOutputStream jdkOut = new PipedOutputStream(jdkIn);
        jdkOut.write('a');
        assertEquals('a', readOnAThreadThatEnds(jdkIn));
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> jdkOut.write('b'));
        assertTrue(refused.getMessage().contains("Read end dead"), refused.getMessage());

        ChannelPipe pipe = new ChannelPipe();
        OutputStream out = pipe.output();
        out.write('a');
        assertEquals('a', readOnAThreadThatEnds(pipe.input()));
        out.write('b'); // from this thread, the reader gone
        assertEquals('b', readOnAThreadThatEnds(pipe.input()));
    }

    @Test
    void theEndOfTheChannelIsTheEndOfTheStreamAfterWhatWasWritten() throws IOException {
        ChannelPipe pipe = new ChannelPipe();
        pipe.output().write(new byte[] {1, 2, 3});
        pipe.output().close();
        byte[] got = new byte[8];
        assertEquals(3, pipe.input().read(got, 0, 8));
        assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(got, 3));
        assertEquals(-1, pipe.input().read());
    }

    @Test
    void aFullPipeHoldsTheWriterUntilTheReaderTakesAndLosesNothing() throws Exception {
        ChannelPipe pipe = new ChannelPipe();
        byte[] data = new byte[3 << 20];
        new java.util.Random(7).nextBytes(data);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                pipe.output().write(data);
                pipe.output().close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(writer.isDone(), "three MiB do not fit: the writer waits for the reader");
        byte[] got = pipe.input().readAllBytes();
        writer.get(10, TimeUnit.SECONDS);
        assertArrayEquals(data, got);
    }

    @Test
    void aWriterIsNotHeldOnceTheReaderClosed() throws Exception {
        ChannelPipe pipe = new ChannelPipe();
        pipe.input().close();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                pipe.output().write(new byte[2 << 20]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.get(10, TimeUnit.SECONDS);
    }
}
