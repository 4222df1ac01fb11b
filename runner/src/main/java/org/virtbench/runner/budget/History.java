package org.virtbench.runner.budget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;

/**
 * What cells took when they ran before on this machine: read from the journals of earlier
 * campaigns under a results folder (each cell's start and end), the latest completed run of the
 * same workload, backend, n and parameters. A journal that cannot be read is passed over.
 */
final class History {
    /** One earlier run of a cell: its wall time and how many trials it ran in it. */
    record Run(Duration took, int trials, Instant ended) {
    }

    private record Key(CellKey cell, Map<String, String> params) {
    }

    private final Map<Key, Run> runs;

    private History(Map<Key, Run> runs) {
        this.runs = Map.copyOf(runs);
    }

    static History none() {
        return new History(Map.of());
    }

    /** The cells of every {@code DIR/journal.jsonl} directly under {@code resultsRoot}. */
    static History under(Path resultsRoot) {
        Map<Key, Run> runs = new HashMap<>();
        if (!Files.isDirectory(resultsRoot)) {
            return none();
        }
        try (Stream<Path> dirs = Files.list(resultsRoot)) {
            for (Path journal : dirs.map(d -> d.resolve(Journal.FILE)).filter(Files::isRegularFile).toList()) {
                try {
                    add(Journal.read(journal), runs);
                } catch (IOException | RuntimeException e) {
                    // an unreadable or foreign journal holds no usable history
                }
            }
        } catch (IOException e) {
            return none();
        }
        return new History(runs);
    }

    static History of(List<JournalEntry> journal) {
        Map<Key, Run> runs = new HashMap<>();
        add(journal, runs);
        return new History(runs);
    }

    private static void add(List<JournalEntry> journal, Map<Key, Run> runs) {
        Map<String, JournalEntry.CellStarted> started = new HashMap<>();
        for (JournalEntry entry : journal) {
            if (entry instanceof JournalEntry.CellStarted s) {
                started.put(s.cell() + "#" + s.attempt(), s);
            } else if (entry instanceof JournalEntry.CellFinished f && f.status() == CellStatus.COMPLETED
                    && f.trialsRun() > 0) {
                JournalEntry.CellStarted s = started.get(f.cell() + "#" + f.attempt());
                Optional<Instant> from = instant(s == null ? null : s.at());
                Optional<Instant> to = instant(f.at());
                if (from.isPresent() && to.isPresent() && !to.get().isBefore(from.get())) {
                    Run run = new Run(Duration.between(from.get(), to.get()), f.trialsRun(), to.get());
                    runs.merge(new Key(f.cell(), s.params()), run, (a, b) -> a.ended().isAfter(b.ended()) ? a : b);
                }
            }
        }
    }

    private static Optional<Instant> instant(String at) {
        try {
            return at == null ? Optional.empty() : Optional.of(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The latest completed run of this cell with these parameters. */
    Optional<Run> last(CellKey cell, Map<String, String> params) {
        return Optional.ofNullable(runs.get(new Key(cell, Map.copyOf(params))));
    }
}
