package org.virtbench.runner.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.runner.campaign.CampaignOptions;
import org.virtbench.backend.Backend;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.runner.engine.CampaignEngine;
import org.virtbench.runner.engine.CampaignOutcome;
import org.virtbench.runner.engine.CampaignPlanner;
import org.virtbench.runner.engine.CampaignSettings;
import org.virtbench.runner.engine.CellPlan;
import org.virtbench.runner.engine.ProgressListener;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.results.ResultsBuilder;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.StatsMode;

/** Runs the engine on hand-written plans and fake backends in a directory of the test's own. */
public final class EngineHarness {
    /** The host memory the harness's engine scales the default memory policy to: 8 GiB. */
    public static final long HOST_MEMORY = 8L << 30;
    private final Path dir;
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private StatsMode stats = StatsMode.PAPER;
    private ProgressListener progress = ProgressListener.NONE;
    private MemoryPolicy vmMemory;
    private String mix;
    private Integer repeat;
    private Integer discard;
    private String order;

    public EngineHarness(Path dir) {
        this.dir = dir;
    }

    public EngineHarness backend(Backend backend) {
        backends.put(backend.id(), backend);
        return this;
    }

    public EngineHarness stats(StatsMode mode) {
        stats = mode;
        return this;
    }

    /** {@code --vm-memory}, parsed as the command line parses it. */
    public EngineHarness memory(String policy) {
        vmMemory = CampaignOptions.builder().memory(policy).build().memory().orElseThrow();
        return this;
    }

    /** {@code --mix}. */
    public EngineHarness mix(String spec) {
        mix = spec;
        return this;
    }

    /** {@code --repeat} and {@code --discard}. */
    public EngineHarness trials(int trials, int discarded) {
        repeat = trials;
        discard = discarded;
        return this;
    }

    /** {@code --order}; sequential when not given, as campaigns ran before it existed. */
    public EngineHarness order(String value) {
        order = value;
        return this;
    }

    public EngineHarness progress(ProgressListener listener) {
        progress = listener;
        return this;
    }

    public Path journalFile() {
        return dir.resolve(Journal.FILE);
    }

    public CampaignSettings settings() {
        return new CampaignSettings(List.copyOf(backends.keySet()), null, null, "paper", Map.of(), repeat, discard,
                List.of(), stats, 0.03, List.of("test"), Instant.now().toString(), vmMemory, mix, null, order, null);
    }

    /** Plans and runs the campaign, resuming from the journal when one is there. */
    public CampaignOutcome run(ExecutionPlan... plans) throws IOException {
        List<CellPlan> cells = cells(plans);
        JournalState previous = Files.exists(journalFile()) ? new JournalState(Journal.read(journalFile()))
                : JournalState.empty();
        try (Journal journal = Journal.open(journalFile())) {
            return new CampaignEngine(settings(), backends, journal, previous, HOST_MEMORY, progress,
                    dir).run(cells);
        }
    }

    public List<CellPlan> cells(ExecutionPlan... plans) {
        return CampaignPlanner.plan(settings(), WorkloadCatalog.of(List.of(plans)));
    }

    public List<JournalEntry> journal() throws IOException {
        return Journal.read(journalFile());
    }

    public <T extends JournalEntry> List<T> journal(Class<T> kind) throws IOException {
        return journal().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public ResultsDocument results(ExecutionPlan... plans) throws IOException {
        List<CellKey> keys = cells(plans).stream().map(CellPlan::cell).toList();
        HostMetadata host = new HostMetadata("test", null, null, null, 1, null, null, null, null, null, Map.of(),
                Map.of());
        return ResultsBuilder.build(settings(), host, keys, new JournalState(journal()), Instant.now().toString());
    }
}
