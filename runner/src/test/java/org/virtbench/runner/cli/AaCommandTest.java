package org.virtbench.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendProvider;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.report.Reports;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.RoundSpread;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

class AaCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** Each measurement takes a little longer than the one before: a machine that drifts. */
    private final AtomicInteger clock = new AtomicInteger();

    private int virtbench(String... args) {
        Events events = new Events();
        ScriptedPlan drifting = ScriptedPlan.builder("drift", events).script((g, t) -> 100.0 + clock.getAndIncrement());
        BackendProvider fake = new BackendProvider() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public String description() {
                return "fake guests";
            }

            @Override
            public Backend create(String argument) {
                return new FakeBackend("fake", events);
            }
        };
        CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(List.of(drifting)), List.of(fake),
                dir.resolve("results"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return Main.execute(env, args);
    }

    private RoundSpread spread(Path results) throws Exception {
        ResultsDocument doc = Reports.read(results);
        ResultsDocument.CellResult copy = doc.cells().stream().filter(c -> c.cell().backend().equals("fake@aa"))
                .findFirst().orElseThrow();
        return RoundSpread.of(org.virtbench.runner.results.PairedCells.relative(doc, copy, "fake").orElseThrow().rounds());
    }

    @Test
    void interleavedRoundsCancelADriftThatSequentialTrialsPutOnOneSide() throws Exception {
        // the campaign's baseline is host, which is not here: the A/A pair compares with each other
        assertEquals(0, virtbench("aa", "--backend", "fake", "--include", "drift", "--rounds", "4", "--order",
                "interleaved", "--out", dir.resolve("inter").toString()), err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("A/A: fake against itself (fake@aa), interleaved order, 4 rounds"), printed);
        assertTrue(printed.contains("drift"), printed);
        clock.set(0);
        assertEquals(0, virtbench("aa", "--backend", "fake", "--include", "drift", "--rounds", "4", "--order",
                "sequential", "--out", dir.resolve("seq").toString()));

        RoundSpread inter = spread(dir.resolve("inter"));
        RoundSpread seq = spread(dir.resolve("seq"));
        assertEquals(4, inter.rounds());
        // a time, so fake / fake@aa; interleaved: round t takes fake 100+2t s and fake@aa right after 101+2t s
        assertEquals(102.0 / 103, inter.min(), 1e-12);
        assertEquals(108.0 / 109, inter.max(), 1e-12);
        // sequential: fake's kept trials take 101..104 s, fake@aa's 106..109 s: every ratio 5 steps apart
        assertEquals(101.0 / 106, seq.min(), 1e-12);
        assertEquals(104.0 / 109, seq.max(), 1e-12);
        assertTrue(Math.abs(1 - inter.median()) < Math.abs(1 - seq.median()) / 4,
                "interleaving keeps the A/A ratio near 1.0: " + inter + " vs " + seq);
    }

    @Test
    void aLabelledBackendOrTooFewRoundsIsAUsageError() {
        assertEquals(Main.USAGE, virtbench("aa", "--backend", "fake@b", "--include", "drift"));
        assertEquals(Main.USAGE, virtbench("aa", "--include", "drift", "--rounds", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--rounds 1 gives no spread"));
    }
}
