package org.virtbench.runner.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.virtbench.runner.start.StartWrapper;

/**
 * The standard error of a gated command as JSch delivers it, watched for the start gate's lines:
 * the wrapper waits at the gate ({@link StartWrapper#READY}), it answers a clock probe
 * ({@link StartWrapper#CLOCK}), and the release reached it ({@link StartWrapper#GOT}); the host
 * times the arrival of the last two on its own clock the moment the line is complete (the round
 * trips that relate the guest's clock to the host's). These lines are kept
 * out of the text; everything else passes to the target line by line, and the arrival of the
 * wrapper's stamp line, written when the command ended, is timed too.
 */
final class GateLines extends OutputStream {
    private final OutputStream target;
    private final byte[] ready;
    private final String nonce;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final CountDownLatch readySeen = new CountDownLatch(1);
    private volatile long gotSeenNanos;
    private volatile boolean gotSeen;
    private final String span;
    private volatile long spanSeenNanos;
    private volatile boolean spanSeen;
    private final java.util.concurrent.BlockingQueue<Answer> answers = new java.util.concurrent.LinkedBlockingQueue<>();

    /** A probe's answer and the host's clock when it arrived. */
    record Answer(StartWrapper.ClockAnswer answer, long seenNanos) {
    }

    GateLines(OutputStream target, String nonce) {
        this.target = target;
        this.nonce = nonce;
        this.ready = StartWrapper.readyLine(nonce).getBytes(StandardCharsets.US_ASCII);
        this.span = StartWrapper.SPAN + " " + nonce + " ";
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            if (b[i] != '\n') {
                line.write(b[i]);
                continue;
            }
            long now = System.nanoTime();
            byte[] whole = line.toByteArray();
            line.reset();
            String text = whole.length > 0 && whole[0] == '@' ? new String(whole, StandardCharsets.US_ASCII) : "";
            java.util.Optional<StartWrapper.ClockAnswer> answer = StartWrapper.clockAnswer(text, nonce);
            if (java.util.Arrays.equals(whole, ready)) {
                readySeen.countDown();
            } else if (answer.isPresent()) {
                answers.add(new Answer(answer.get(), now));
            } else if (StartWrapper.gotStamp(text, nonce).isPresent()) {
                gotSeenNanos = now;
                gotSeen = true;
            } else {
                if (text.startsWith(span)) {
                    spanSeenNanos = now;
                    spanSeen = true;
                }
                target.write(whole);
                target.write('\n');
            }
        }
    }

    /** Waits until the wrapper says it is at the gate; false when it did not within {@code nanos}. */
    boolean awaitReady(long nanos) throws InterruptedException {
        return readySeen.await(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for the answer to probe {@code probe}, at most {@code nanos}; answers to earlier probes
     * that come late are passed over. Empty when it did not come in time.
     */
    java.util.Optional<Answer> awaitAnswer(int probe, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            Answer a = answers.poll(left, TimeUnit.NANOSECONDS);
            if (a == null) {
                break;
            }
            if (a.answer().probe() == probe) {
                return java.util.Optional.of(a);
            }
        }
        return java.util.Optional.empty();
    }

    /** Host clock when the release's receipt line arrived; empty when it did not. */
    OptionalLong gotSeenNanos() {
        return gotSeen ? OptionalLong.of(gotSeenNanos) : OptionalLong.empty();
    }

    /**
     * Host clock when the wrapper's stamp line arrived, which it writes the moment the command
     * ended: the end of the command as the host sees it, one way out later. Empty when it did not.
     */
    OptionalLong spanSeenNanos() {
        return spanSeen ? OptionalLong.of(spanSeenNanos) : OptionalLong.empty();
    }

    /** Passes on a last line without its newline, once the command has ended. */
    synchronized void finish() throws IOException {
        line.writeTo(target);
        line.reset();
    }
}
