package org.virtbench.runner.journal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a journal says about a campaign: which cells finished (never to be run again), which
 * attempt of each cell counts, and the backends already calibrated.
 */
public final class JournalState {
    private final List<JournalEntry> entries;
    private final Map<CellKey, JournalEntry.CellFinished> finished = new LinkedHashMap<>();
    private final Map<CellKey, Integer> lastAttempt = new HashMap<>();
    private final Map<String, JournalEntry.BackendCalibrated> backends = new LinkedHashMap<>();

    public JournalState(List<JournalEntry> entries) {
        this.entries = List.copyOf(entries);
        for (JournalEntry entry : entries) {
            if (entry instanceof JournalEntry.AboutCell about) {
                lastAttempt.merge(about.cell(), about.attempt(), Math::max);
            }
            if (entry instanceof JournalEntry.CellFinished end) {
                finished.put(end.cell(), end);
            } else if (entry instanceof JournalEntry.BackendCalibrated backend) {
                backends.putIfAbsent(backend.backend(), backend);
            }
        }
    }

    /** An empty journal: a new campaign. */
    public static JournalState empty() {
        return new JournalState(List.of());
    }

    public List<JournalEntry> entries() {
        return entries;
    }

    /** Cells with a {@code cell-end} entry, completed or failed: resume skips them. */
    public Set<CellKey> finishedCells() {
        return finished.keySet();
    }

    /** The end entry of a finished cell. */
    public Optional<JournalEntry.CellFinished> finish(CellKey cell) {
        return Optional.ofNullable(finished.get(cell));
    }

    /** The attempt number a new run of this cell takes: one past any seen. */
    public int nextAttempt(CellKey cell) {
        return lastAttempt.getOrDefault(cell, 0) + 1;
    }

    /** Backends calibrated by an earlier process of this campaign, by id. */
    public Map<String, JournalEntry.BackendCalibrated> backends() {
        return backends;
    }

    /** The first {@code campaign} entry: when and how the campaign was started. */
    public Optional<JournalEntry.CampaignStarted> firstStart() {
        return entries.stream().filter(JournalEntry.CampaignStarted.class::isInstance)
                .map(JournalEntry.CampaignStarted.class::cast).findFirst();
    }

    /**
     * The entries of the attempt that counts for a cell: the finished attempt if there is one,
     * else the latest (an interrupted cell, still to be run).
     */
    public <T extends JournalEntry.AboutCell> List<T> ofCell(CellKey cell, Class<T> kind) {
        int attempt = Optional.ofNullable(finished.get(cell)).map(JournalEntry.CellFinished::attempt)
                .orElse(lastAttempt.getOrDefault(cell, 0));
        List<T> found = new ArrayList<>();
        for (JournalEntry entry : entries) {
            if (kind.isInstance(entry)) {
                T about = kind.cast(entry);
                if (about.attempt() == attempt && about.cell().equals(cell)) {
                    found.add(about);
                }
            }
        }
        if (kind == JournalEntry.Sample.class) {
            found.sort(Comparator.comparingInt(s -> ((JournalEntry.Sample) s).trial())
                    .thenComparingInt(s -> ((JournalEntry.Sample) s).guest()));
        }
        return found;
    }
}
