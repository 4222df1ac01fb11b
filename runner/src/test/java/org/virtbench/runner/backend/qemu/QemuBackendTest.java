package org.virtbench.runner.backend.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Unit;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.runner.start.GatedGuest;
import org.virtbench.runner.start.SpanSource;
import org.virtbench.runner.start.StartLine;

/**
 * Boots real QEMU guests (TCG, as a machine without KVM does) from a debootstrapped root
 * filesystem, runs a timed bzip2 in each at once, checks that the peer host reaches them over
 * the bridge, and that teardown leaves no QEMU process, overlay, run folder or tap of the run behind.
 */
class QemuBackendTest {
    private static final long MEMORY = 128L << 20;

    @TempDir
    Path dir;

    private QemuBackend backend(String extra) throws IOException {
        QemuSettings settings = QemuSettings.parse("accel=tcg,work=" + dir.resolve("work") + extra)
                .withRootfs(TestRootfs.ensure());
        return new QemuBackend("accel=tcg", settings);
    }

    @Test
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
    void bootsTwoGuestsConcurrentlyRunsBzip2InEachAndLeavesNothing() throws Exception {
        QemuBackend backend = backend("");
        assertEquals("QEMU (TCG)", backend.technology());
        Path out = dir.resolve("out");
        QemuProvisioning p = (QemuProvisioning) backend.provision(new ProvisionRequest(2, MEMORY, true, List.of("bzip2"), out));
        Path run = p.runFolder().orElseThrow();
        String runId = p.runId();
        try {
            assertEquals(2, p.guests().size());
            assertEquals("QEMU (TCG)", p.facts().get("technology"));
            assertEquals("tcg", p.facts().get("accelerator"));
            assertTrue(Files.exists(run.resolve("guest-0.qcow2")) && Files.exists(run.resolve("guest-1.qcow2")));
            assertTrue(taps(runId).size() == 2, "one tap per guest: " + taps(runId));
            assertTrue(Files.readString(out.resolve("qemu-0.console.log")).contains(QemuProvisioning.SSHD_MARKER));

            List<CompletableFuture<Measurement>> runs = p.guests().stream()
                    .map(g -> CompletableFuture.supplyAsync(() -> bzip2(g))).toList();
            for (CompletableFuture<Measurement> f : runs) {
                Measurement m = f.get();
                assertTrue(m.value() > 0, "bzip2 took " + m);
                CommandResult timed = m.timedCommand().orElseThrow();
                assertTrue(timed.guestElapsedNanos().isPresent(), "the guest clock was read");
            }
            assertGatedOnTheirOwnClocks(p.guests());
            Guest g1 = p.guests().get(1);
            assertEquals("qemu-1", g1.run("cat", "/proc/sys/kernel/hostname").requireSuccess().stdout().trim());
            // the initrd configured eth0 from the kernel command line; the guest's own iproute2 reads it back
            String eth0 = g1.run("ip", "-4", "addr", "show", "eth0").requireSuccess().stdout();
            assertTrue(eth0.contains("inet " + g1.address() + "/"), "eth0 of " + g1.name() + ": " + eth0);
            // The peer host reaches each guest over the bridge: it reads the guest sshd's banner.
            for (Guest g : p.guests()) {
                CommandResult banner = p.peer().orElseThrow().run(Command.of("bash", "-c",
                        "exec 3<>/dev/tcp/\"$1\"/22 && head -c 7 <&3", "bash", g.address()).withTimeout(Duration.ofSeconds(30)));
                assertEquals("SSH-2.0", banner.stdout(), "peer to " + g.name() + ": " + banner.output());
            }
        } finally {
            p.close();
            p.close(); // safe twice
        }
        assertNothingLeft(run, runId);
    }

    /**
     * Both guests behind one start line: neither command runs before it opens, and each is timed on
     * its guest's own clock converted through the release's round trip, not by the SSH exec around it.
     */
    private static void assertGatedOnTheirOwnClocks(List<Guest> guests) throws Exception {
        StartLine line = new StartLine(guests.stream().map(Guest::index).toList());
        List<CompletableFuture<CommandResult>> running = guests.stream().map(g -> {
            assertTrue(g instanceof GatedGuest, g + " can be gated");
            ((GatedGuest) g).armStartGate(line.seat(g.index()));
            return CompletableFuture.supplyAsync(() -> g.run(Command.of("sleep", "0.5").withTimeout(Duration.ofMinutes(2))));
        }).toList();
        Thread.sleep(3000);
        assertFalse(running.stream().anyMatch(CompletableFuture::isDone), "a command ran before the line opened");
        long opened = System.nanoTime();
        assertEquals(guests.size(), line.open(Duration.ofMinutes(2)));
        for (int i = 0; i < guests.size(); i++) {
            CommandResult r = running.get(i).get();
            StartLine.Seat seat = line.seat(guests.get(i).index());
            assertEquals(0, r.exitCode(), r.output());
            assertEquals(java.util.Optional.of(SpanSource.GATE_GUEST_CLOCK), seat.spanSource(),
                    seat.spanNote().orElse("no note"));
            long span = r.hostEndNanos() - r.hostStartNanos();
            System.out.printf("%s: gated sleep 0.5 took %.4f s on its own clock; clock check %s; probed clock %s; %s%n",
                    guests.get(i).name(), span / 1e9, seat.clock().orElseThrow(), seat.guestClock().orElse(null),
                    seat.opening().orElse(null));
            assertTrue(seat.guestClock().isPresent(), "the guest answered the clock probes: it was told an instant on "
                    + "its own clock, not how long to hold");
            assertTrue(seat.opening().isPresent(), "when its gate opened is known");
            assertTrue(span >= 500_000_000L && span < 1_000_000_000L, "the span is the command's: " + span);
            assertTrue(r.hostStartNanos() >= opened, "it started after the release");
        }
    }

    private static Measurement bzip2(Guest g) {
        String file = g.workDir() + "/input";
        g.run(Command.shell("seq 1 150000 > " + file)).requireSuccess();
        return g.time(Command.of("bzip2", "-9", "-f", file).withTimeout(Duration.ofMinutes(5)), Unit.SECONDS);
    }

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aBootThatFailsPartWayLeavesNothing() throws Exception {
        QemuBackend backend = backend(",boot-timeout=1");
        List<String> tapsBefore = taps("");
        BackendException e = assertThrows(BackendException.class,
                () -> backend.provision(new ProvisionRequest(2, MEMORY, false, List.of(), dir.resolve("out"))));
        assertTrue(e.getMessage().contains("did not boot within 1 s"), e.getMessage());
        try (Stream<Path> runs = Files.list(dir.resolve("work"))) {
            assertEquals(List.of(), runs.toList(), "no run folder is left");
        }
        assertEquals(List.of(), qemuProcessesUnder(dir.resolve("work")));
        assertEquals(List.of(), taps("").stream().filter(t -> !tapsBefore.contains(t)).toList(), "no new tap is left");
    }

    @Test
    void sweepsTheLeftoversOfADeadRun() throws Exception {
        Path work = dir.resolve("work");
        Path dead = work.resolve("run-abcdef");
        Files.createDirectories(dead);
        Files.writeString(dead.resolve(org.virtbench.runner.system.RunFolder.OWNER), "999999999 1\n");
        Files.writeString(dead.resolve("guest-0.qcow2"), "overlay");
        Files.writeString(dead.resolve("guest-0.pid"), "999999999\n");
        Files.writeString(dead.resolve(RunDirectory.TAPS), "vqabcdefg0\n");
        Path alive = RunDirectory.create(work).path();
        assertEquals(1, RunDirectory.sweep(work).size());
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(alive), "a live run is left alone");
    }

    private static void assertNothingLeft(Path run, String runId) {
        assertFalse(Files.exists(run), "run folder with overlays deleted: " + run);
        assertEquals(List.of(), qemuProcessesUnder(run));
        assertEquals(List.of(), taps(runId));
    }

    private static List<Long> qemuProcessesUnder(Path folder) {
        return ProcessHandle.allProcesses()
                .filter(ph -> ph.info().commandLine().map(c -> c.contains("qemu-system") && c.contains(folder.toString())).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private static List<String> taps(String runId) {
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            return links.map(l -> l.getFileName().toString()).filter(n -> n.startsWith("vq" + runId)).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
