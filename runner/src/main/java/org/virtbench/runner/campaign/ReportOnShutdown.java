package org.virtbench.runner.campaign;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import javax.imageio.ImageIO;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.cleanup.ProcessScope;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a stopping JVM (Ctrl-C, SIGTERM) alive until the campaign has written its results and
 * report: a step of the process's {@link CleanupScope}, registered before the engine's, so the one
 * shutdown hook runs it last. It waits, at most {@link #WAIT_SECONDS}, for the campaign's thread to
 * close this. The engine's steps have sealed the journal and released the guests by then, which
 * ends the cell that was running; the campaign then writes what completed, the rest marked not run.
 */
final class ReportOnShutdown implements AutoCloseable {
    static final long WAIT_SECONDS = 120;

    private final CountDownLatch written = new CountDownLatch(1);
    private final CleanupScope.Registration waiting;

    ReportOnShutdown(CampaignEnvironment env) {
        warmUpDrawing();
        waiting = ProcessScope.root().register("the results and report, written", () -> {
            try {
                if (!written.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    env.err().println("virtbench: stopping without the report (not written within " + WAIT_SECONDS
                            + " s); write it with 'virtbench report DIR'");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * The JDK registers shutdown hooks of its own the first time it opens a font file and the first
     * time it encodes an image through a cached stream (the report's charts do both); registering a
     * hook while the JVM stops fails ("Shutdown in progress"). So the report's kind of drawing is
     * done once now, while that still works.
     */
    private static void warmUpDrawing() {
        try {
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString("0", 1, 7);
            g.dispose();
            ImageIO.write(image, "png", new ByteArrayOutputStream());
        } catch (IOException | RuntimeException | Error e) {
            // no drawing here at all: the report says so when it is written
        }
    }

    /** The results and report are written (or could not be): the JVM may stop. */
    @Override
    public void close() {
        written.countDown();
        waiting.forget(); // when the JVM is stopping, the step runs (or ran) and returns at once

    }
}
