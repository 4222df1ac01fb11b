package org.virtbench.runner.transport.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.CommandTimeoutException;
import org.virtbench.guest.GuestException;
import org.virtbench.runner.backend.ssh.SshdNamespaces;
import org.virtbench.runner.transport.OutputSpill;
import org.virtbench.runner.transport.exec.ExecHelperPool;
import org.virtbench.runner.transport.exec.HelperBinary;

/**
 * An SSH guest's exec helper against OpenSSH's own sshd (in a network namespace of this machine,
 * {@link SshdNamespaces}): the way qemu, libvirt and ssh-inventory guests run ungated commands.
 * The machine shares this kernel, so its processes and files are visible from here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SshGuestExecHelperTest {
    @TempDir
    static Path dir;
    private SshdNamespaces machines;
    private SshEndpoint endpoint;
    private final List<SshGuest> opened = new ArrayList<>();

    @BeforeAll
    void machine() throws Exception {
        ClientKey key = ClientKey.ensure(dir.resolve("client"));
        Path authorized = Files.writeString(dir.resolve("authorized_keys"), key.publicKeyLine() + "\n");
        machines = new SshdNamespaces(dir);
        SshdNamespaces.Machine m = machines.add(0, true, authorized);
        endpoint = new SshEndpoint(m.address(), 22, "root", key.privateKey(), m.hostKey(), Duration.ofSeconds(10));
    }

    @AfterAll
    void stop() throws InterruptedException {
        machines.close();
    }

    @AfterEach
    void closeGuests() {
        opened.forEach(SshGuest::close);
        opened.clear();
    }

    private SshGuest guest(SessionHelpers.Program program) {
        SshGuest g = new SshGuest("ssh-0", 0, "/tmp", endpoint, program);
        opened.add(g);
        return g;
    }

    private SshGuest guest() {
        return guest(HelperBinary::path);
    }

    /** The process id of the parent of a command the guest runs: its helper, when it has one. */
    private static long parentOf(SshGuest g) {
        return Long.parseLong(g.run(Command.of("sh", "-c", "echo $PPID")).requireSuccess().stdout().strip());
    }

    private static String comm(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
    }

    /** The helper's private folder, from the program it runs (whose file it removed: "PATH (deleted)"). */
    private static Path folderOf(long helper) throws IOException {
        String exe = Files.readSymbolicLink(Path.of("/proc", Long.toString(helper), "exe")).toString();
        assertTrue(exe.endsWith("/vb-exec (deleted)"), "the helper runs from a copy it removed: " + exe);
        return Path.of(exe.substring(0, exe.length() - " (deleted)".length())).getParent();
    }

    /** Waits for the helper to end and its folder to go, as the helper's shell removes it then. */
    private static void awaitGone(long helper, Path folder) throws InterruptedException {
        await(() -> ProcessHandle.of(helper).isEmpty(), "the helper ended");
        await(() -> !Files.exists(folder), "its folder is gone: " + folder);
    }

    /** A command's parent is a channel's login shell, not a helper (read inside the command: that shell ends with it). */
    private static void assertRunOnAChannel(SshGuest g) {
        String parent = g.run(Command.of("sh", "-c", "cat /proc/$PPID/comm")).requireSuccess().stdout().strip();
        assertFalse(parent.isEmpty() || parent.equals("vb-exec"), "a channel's login shell runs it: " + parent);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    @Test
    void commandsShareOneHelperWhoseStampsAreTheSpanAndTheGuestClock() throws Exception {
        SshGuest g = guest();
        long helper = parentOf(g);
        assertEquals("vb-exec", comm(helper));
        for (int i = 0; i < 20; i++) {
            assertEquals(helper, parentOf(g), "every command is a child of the one helper on its one channel");
        }
        Path folder = folderOf(helper);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertTrue(Files.list(folder).findAny().isEmpty(), "nothing left in its folder: " + folder);

        CommandResult r = g.run(Command.of("sh", "-c", "printf 'a b|%s' \"$X\"; echo e >&2; exit 3").withEnv("X", "it's"));
        assertEquals(3, r.exitCode());
        assertEquals("a b|it's", r.stdout());
        assertEquals("e\n", r.stderr(), "no clock wrapper's lines to strip");
        // This machine shares the host's kernel, so the helper's stamps are the span; the clock
        // wrapper of a channel per command reads /proc/uptime at 10 ms instead.
        assertEquals(r.hostEndNanos() - r.hostStartNanos(), r.guestElapsedNanos().orElseThrow(),
                "the guest's elapsed time is the helper's own stamps around spawn and reap");
    }

    @Test
    void outputBeyondTheBoundGoesToTheCellsFolder() throws Exception {
        SshGuest g = guest();
        Path cell = Files.createDirectories(dir.resolve("cell"));
        OutputSpill.assign(List.of(g), cell);
        CommandResult r = g.run(Command.of("seq", "1", "500000")).requireSuccess(); // 3.4 MB
        assertEquals("vb-exec", comm(parentOf(g)), "it ran through the helper");
        assertTrue(r.stdout().startsWith("1\n2\n") && r.stdout().endsWith("\n500000\n"), "head and tail kept");
        try (var spilled = Files.list(cell)) {
            List<Path> files = spilled.toList();
            assertEquals(1, files.size(), "the left-out middle in one file of the cell: " + files);
            assertTrue(r.stdout().contains(files.get(0).toString()), "the gap's line names it");
        }
    }

    @Test
    void aHelperThatCannotRunThereIsLoggedOnceAndEachCommandOpensAChannel() throws Exception {
        // The host's helper marked as an aarch64 program (ELF e_machine 183): what a machine of
        // another architecture sees, an exec format error.
        byte[] elf = Files.readAllBytes(HelperBinary.path());
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putShort(18, (short) 183);
        Path foreign = Files.write(dir.resolve("vb-exec-aarch64"), elf);
        List<String> warnings = new ArrayList<>();
        Logger log = Logger.getLogger(ExecHelperPool.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            SshGuest g = guest(() -> foreign);
            for (int i = 0; i < 3; i++) {
                assertRunOnAChannel(g);
            }
            CommandResult r = g.run(Command.of("sleep", "0.05"));
            assertTrue(r.guestElapsedNanos().getAsLong() % GuestClock.RESOLUTION_NANOS == 0,
                    "the guest clock is the wrapper's /proc/uptime: " + r.guestElapsedNanos());
        } finally {
            log.removeHandler(capture);
        }
        List<String> ours = warnings.stream().filter(w -> w.contains("ssh-0")).toList();
        assertEquals(1, ours.size(), "logged once: " + warnings);
        assertTrue(ours.get(0).contains("one SSH exec channel per command") && ours.get(0).contains("xec format error"),
                ours.get(0));
    }

    @Test
    void aHelperKilledMidCommandFailsThatCommandAndTheNextCommandStartsAnother() throws Exception {
        SshGuest g = guest();
        long helper = parentOf(g);
        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(() -> g.run(Command.of("sleep", "5")));
        Thread.sleep(500);
        ProcessHandle.of(helper).orElseThrow().destroyForcibly();
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(20, TimeUnit.SECONDS));
        assertInstanceOf(GuestException.class, e.getCause());
        assertFalse(e.getCause() instanceof CommandTimeoutException);
        assertTrue(e.getCause().getMessage().contains("outcome is unknown"), e.getCause().getMessage());
        long next = parentOf(g);
        assertNotEquals(helper, next, "a fresh helper");
        assertEquals("vb-exec", comm(next));
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsGroupAndTheHelperStays() throws Exception {
        SshGuest g = guest();
        long helper = parentOf(g);
        String marker = "37." + (100 + new Random().nextInt(800));
        CommandTimeoutException e = assertThrows(CommandTimeoutException.class, () -> g.run(
                Command.shell("echo started; sleep " + marker + " & sleep " + marker + "; echo never")
                        .withTimeout(Duration.ofSeconds(1))));
        assertTrue(e.getMessage().contains("started"), "keeps partial output: " + e.getMessage());
        await(() -> ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments()
                .map(a -> a.length == 1 && a[0].equals(marker)).orElse(false)), "both sleeps of the group were killed");
        assertEquals(helper, parentOf(g), "the same helper runs the next command");
    }

    @Test
    void closingTheGuestEndsTheHelperAndRemovesItsFolder() throws Exception {
        SshGuest g = guest();
        long helper = parentOf(g);
        Path folder = folderOf(helper);
        g.close();
        awaitGone(helper, folder);
    }

    @Test
    void aStoppedHelperEndsAndLaterCommandsOpenAChannelEach() throws Exception {
        SshGuest g = guest();
        long helper = parentOf(g);
        Path folder = folderOf(helper);
        g.stopExecHelper();
        awaitGone(helper, folder);
        assertRunOnAChannel(g);
    }

    @Test
    void aHelperWhoseConnectionDiesEndsAndRemovesItsFolder() throws Exception {
        // What a killed run leaves: sshd closes the channel's pipes, nobody closes the guest.
        SshGuest g = guest();
        long helper = parentOf(g);
        Path folder = folderOf(helper);
        ProcessHandle shell = ProcessHandle.of(helper).orElseThrow().parent().orElseThrow();
        ProcessHandle sshd = shell.parent().orElseThrow();
        assertTrue(sshd.info().command().orElse("").contains("sshd"), "the session's sshd: " + sshd.info());
        sshd.destroyForcibly();
        awaitGone(helper, folder);
    }
}
