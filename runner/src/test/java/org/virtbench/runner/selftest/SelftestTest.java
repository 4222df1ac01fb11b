package org.virtbench.runner.selftest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.guest.Command;
import org.virtbench.runner.transport.HostCommands;

class SelftestTest {
    @TempDir
    Path dir;

    @Test
    void generatesTheSameCompressibleInputEveryTime() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        InputFile.generate(a, 1 << 20, 7);
        InputFile.generate(b, 1 << 20, 7);
        assertEquals(1 << 20, Files.size(a));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        HostCommands.run(Command.of("bzip2", "-9", "-k", a.toString())).requireSuccess();
        long compressed = Files.size(dir.resolve("a.bz2"));
        assertTrue(compressed < Files.size(a) / 3 && compressed > Files.size(a) / 20,
                "compresses like text: " + compressed);
    }

    @Test
    void readsHyperfinesPerRunTimes() throws Exception {
        List<Double> times = Hyperfine.times(List.of("sleep", "0.05"), 3, 0, dir);
        assertEquals(3, times.size());
        assertTrue(times.stream().allMatch(t -> t >= 0.05 && t < 1), times.toString());
        assertTrue(Hyperfine.version().startsWith("hyperfine "));
    }

    @Test
    void measuresBothToolsSideBySide() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Selftest.Report report = Selftest.run(new Selftest.Options(10, 2, 1 << 20),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        for (Selftest.Figures f : List.of(report.overhead(), report.timing())) {
            assertTrue(f.virtbenchMedian() > 0 && f.hyperfineMedian() > 0, f.toString());
            assertTrue(Double.isFinite(f.pairedRatio()) && f.pairedRatio() > 0, f.toString());
        }
        assertEquals(10, report.overhead().runs());
        assertEquals(2, report.timing().runs());
        assertTrue(report.overhead().virtbenchMedian() < 0.1, "a run of true takes well under 100 ms");
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("round 2"));
    }
}
