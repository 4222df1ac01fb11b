package org.virtbench.runner.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.backend.host.HostBackendProvider;
import org.virtbench.runner.campaign.CampaignEnvironment;
import org.virtbench.runner.campaign.CampaignOptions;
import org.virtbench.runner.campaign.CampaignResult;
import org.virtbench.runner.campaign.CampaignRunner;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.testing.HostPlans;

/** A real campaign on the host backend: telemetry by default for every trial, none with off, kept on resume. */
class TelemetryCampaignTest {
    @TempDir
    Path dir;

    private CampaignResult run(CampaignOptions.Builder options) throws java.io.IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        CampaignEnvironment env = new CampaignEnvironment(() -> WorkloadCatalog.of(List.of(new HostPlans.TruePlan())),
                List.of(new HostBackendProvider()), dir.resolve("results"), quiet, quiet);
        return new CampaignRunner(env).run(options.repeat(3).discard(1).formats(Set.of()).build());
    }

    @Test
    void everyTrialHasTelemetryByDefault() throws Exception {
        Path folder = dir.resolve("on");
        CampaignResult result = run(CampaignOptions.builder().output(folder));
        assertEquals(0, result.exitStatus());
        ResultsDocument doc = result.results();
        assertEquals(1, doc.telemetry().size());
        CellTelemetry t = doc.telemetry().get(0);
        assertEquals("1s", t.period());
        assertEquals(3, t.trials().size(), "a summary per trial");
        assertEquals(List.of(true, false, false), t.trials().stream().map(TrialTelemetry::discarded).toList());
        // a run of 'true' lasts milliseconds, under /proc/stat's 10 ms tick: the split is whole, all of
        // it rounding, so nothing is uncounted; how well it covers the window is the burner tests' (4 s)
        // (a window without a single tick has no split)
        t.trials().stream().filter(x -> x.host() != null).forEach(x -> {
            assertEquals(1.0, x.host().busy() + x.host().iowait() + x.host().idle(), 1e-9);
            assertEquals(0.0, x.host().uncounted(), 1e-9);
        });
        assertTrue(Files.readString(folder.resolve(ResultsDocument.FILE)).contains("\"telemetry\""));
        assertFalse(Files.readString(folder.resolve("journal.jsonl")).contains("\"trial\",\"summary\""),
                "the journal stays small: telemetry is in its own file");
        assertEquals(null, CampaignSettings.read(folder).telemetry(), "the default is not written out");
    }

    @Test
    void offWritesNoTelemetryAndIsKeptForResume() throws Exception {
        Path folder = dir.resolve("off");
        CampaignResult result = run(CampaignOptions.builder().output(folder).telemetry("off"));
        assertEquals(0, result.exitStatus());
        assertTrue(result.results().telemetry().isEmpty());
        try (var cells = Files.list(folder.resolve("cells"))) {
            assertTrue(cells.noneMatch(c -> Files.exists(c.resolve(TelemetryRecorder.FILE))));
        }
        assertEquals(TelemetryInterval.OFF, CampaignSettings.read(folder).telemetryInterval());
    }
}
