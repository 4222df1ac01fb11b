package org.virtbench.runner.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.runner.system.Processes;

/**
 * Output beyond the bound, through a real command on this host: the runner keeps the first and
 * last MiB, the middle goes to a file in the cell's folder that the gap's line names, and the
 * three together are the whole output, byte for byte. A daemon that the command leaves holding
 * its pipes does not hold the command up.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OutputSpillTest {
    private static final Pattern GAP = Pattern.compile("\n\\[virtbench: (\\d+) bytes of output left out here; they are in (\\S+)]\n");

    @TempDir
    Path dir;

    @Test
    void fiftyMebibytesKeepTwoInTheRunnerAndTheMiddleInAFileOfTheCell() throws Exception {
        spillsTheMiddle(new ProcessGuest("host-0", 0, "127.0.0.1", dir.resolve("work").toString(), List.of(), Path.of("/")));
    }

    @Test
    void throughTheExecHelperTheMiddleGoesToTheCellsFileAsWell() throws Exception {
        ProcessGuest guest = new ProcessGuest("host-0", 0, "127.0.0.1", dir.resolve("work").toString(), List.of(), Path.of("/"));
        guest.useExecHelper();
        try {
            spillsTheMiddle(guest);
        } finally {
            guest.stopExecHelper();
        }
    }

    private void spillsTheMiddle(ProcessGuest guest) throws Exception {
        Path cell = Files.createDirectory(dir.resolve("cell"));
        OutputSpill.assign(List.of(guest), cell);
        int lines = 6_500_000; // seq 1 6500000: 55 MB of numbered lines, so that order shows
        CommandResult r = guest.run(Command.of("seq", "1", Integer.toString(lines)).withTimeout(Duration.ofSeconds(90)));
        assertTrue(r.ok(), r.stderr());
        String out = r.stdout();
        assertTrue(out.length() < BoundedOutput.HEAD + BoundedOutput.TAIL + 300, "bytes kept: " + out.length());
        Matcher gap = GAP.matcher(out);
        assertTrue(gap.find(), out.substring(BoundedOutput.HEAD - 20, BoundedOutput.HEAD + 200));
        Path spill = Path.of(gap.group(2));
        assertEquals(cell, spill.getParent(), "the spill lies in the cell's folder");
        assertEquals(Long.parseLong(gap.group(1)), Files.size(spill), "the file holds every byte left out");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spill)));

        MessageDigest whole = MessageDigest.getInstance("SHA-256");
        whole.update(out.substring(0, gap.start()).getBytes(StandardCharsets.UTF_8));
        try (InputStream in = Files.newInputStream(spill)) {
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                whole.update(chunk, 0, n);
            }
        }
        whole.update(out.substring(gap.end()).getBytes(StandardCharsets.UTF_8));
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        for (int i = 1; i <= lines; i++) {
            expected.update((i + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(HexFormat.of().formatHex(expected.digest()), HexFormat.of().formatHex(whole.digest()),
                "first MiB + spill file + last MiB = the whole output, in order");
    }

    @Test
    void aDaemonHoldingTheCommandsPipesDoesNotHoldTheCommandUp() throws Exception {
        ProcessGuest guest = new ProcessGuest("host-0", 0, "127.0.0.1", dir.resolve("work").toString(), List.of(), Path.of("/"));
        // the sleeper inherits stdout and stderr and keeps both open for 3 s after the shell exits
        CommandResult r = guest.run(Command.of("sh", "-c", "echo started; echo to-stderr >&2; sleep 3 & echo $!")
                .withTimeout(Duration.ofSeconds(30)));
        long sleeper = Long.parseLong(r.stdout().lines().reduce((a, b) -> b).orElseThrow().trim());
        boolean sleeperRuns = Processes.running(sleeper);
        assertTrue(r.stdout().startsWith("started\n") && r.stderr().contains("to-stderr"), r.output());
        assertTrue(sleeperRuns, "the command returned while the daemon holding its pipes still ran");
    }
}
