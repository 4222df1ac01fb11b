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
 * attempt of each cell counts, the backends already calibrated, and each cell's entries.
 *
 * <p>An index built in one pass over the entries: every query after that is a lookup, so the
 * results of a campaign of c cells cost one pass, not a scan of the whole journal per cell and
 * kind of entry.
 */
public final class JournalState {
    private static final Comparator<JournalEntry.Sample> TRIAL_THEN_GUEST =
            Comparator.comparingInt(JournalEntry.Sample::trial).thenComparingInt(JournalEntry.Sample::guest);

    private final List<JournalEntry> entries;
    private final List<JournalEntry.CampaignStarted> starts = new ArrayList<>();
    private final Map<CellKey, JournalEntry.CellFinished> finished = new LinkedHashMap<>();
    private final Map<CellKey, Integer> lastAttempt = new HashMap<>();
    private final Map<String, JournalEntry.BackendCalibrated> backends = new LinkedHashMap<>();
    private final Map<CellKey, JournalEntry.CellLeftOut> leftOut = new HashMap<>();
    /** Each attempt's entries about its cell, by kind, in journal order (samples sorted at the end). */
    private final Map<Attempt, Map<Class<?>, List<JournalEntry.AboutCell>>> byAttempt = new HashMap<>();

    private record Attempt(CellKey cell, int number) {
    }

    public JournalState(List<JournalEntry> entries) {
        this.entries = List.copyOf(entries);
        for (JournalEntry entry : this.entries) {
            if (entry instanceof JournalEntry.AboutCell about) {
                lastAttempt.merge(about.cell(), about.attempt(), Math::max);
                byAttempt.computeIfAbsent(new Attempt(about.cell(), about.attempt()), a -> new HashMap<>())
                        .computeIfAbsent(entry.getClass(), k -> new ArrayList<>()).add(about);
            }
            if (entry instanceof JournalEntry.CellFinished end) {
                finished.put(end.cell(), end);
            } else if (entry instanceof JournalEntry.BackendCalibrated backend) {
                backends.putIfAbsent(backend.backend(), backend);
            } else if (entry instanceof JournalEntry.CampaignStarted start) {
                starts.add(start);
            } else if (entry instanceof JournalEntry.CellLeftOut out) {
                leftOut.put(out.cell(), out);
            }
        }
        for (Map<Class<?>, List<JournalEntry.AboutCell>> kinds : byAttempt.values()) {
            List<JournalEntry.AboutCell> samples = kinds.get(JournalEntry.Sample.class);
            if (samples != null) {
                samples.sort(Comparator.comparing(s -> (JournalEntry.Sample) s, TRIAL_THEN_GUEST));
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

    /** The last entry that left a cell out of the time budget, if one did. */
    public Optional<JournalEntry.CellLeftOut> leftOut(CellKey cell) {
        return Optional.ofNullable(leftOut.get(cell));
    }

    /** Every {@code campaign} entry, in order: the start, then each resume. */
    public List<JournalEntry.CampaignStarted> starts() {
        return starts;
    }

    /** The first {@code campaign} entry: when and how the campaign was started. */
    public Optional<JournalEntry.CampaignStarted> firstStart() {
        return starts.stream().findFirst();
    }

    /**
     * The entries of the attempt that counts for a cell: the finished attempt if there is one,
     * else the latest (an interrupted cell, still to be run). Samples come by trial, then guest.
     */
    public <T extends JournalEntry.AboutCell> List<T> ofCell(CellKey cell, Class<T> kind) {
        int attempt = Optional.ofNullable(finished.get(cell)).map(JournalEntry.CellFinished::attempt)
                .orElse(lastAttempt.getOrDefault(cell, 0));
        List<JournalEntry.AboutCell> found = byAttempt.getOrDefault(new Attempt(cell, attempt), Map.of())
                .getOrDefault(kind, List.of());
        return found.stream().map(kind::cast).toList();
    }
}
