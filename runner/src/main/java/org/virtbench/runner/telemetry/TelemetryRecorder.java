package org.virtbench.runner.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.virtbench.guest.Command;
import org.virtbench.guest.CommandResult;
import org.virtbench.guest.Guest;
import org.virtbench.runner.telemetry.TrialSummaries.GuestEdge;

/**
 * Samples the host and a cell's guests for the whole cell, and every trial's measured window
 * exactly at its edges. Lines go to the cell's {@value #FILE} as they are taken (flushed, so a
 * crash keeps what was sampled). A guest with its own kernel has its /proc/stat read over its
 * transport at the window's edges only: one command each, outside the measured span.
 *
 * <p>Telemetry never fails a cell: what cannot be read is recorded as absent, with why.
 */
public final class TelemetryRecorder implements AutoCloseable {
    /** The file's name in the cell's folder. */
    public static final String FILE = "telemetry.jsonl";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INSIDE_TIMEOUT = Duration.ofSeconds(10);
    private static final String SHARED_KERNEL = "shares the host's kernel (same boot time in /proc/stat): "
            + "its view is the host's";

    private final int attempt;
    private final List<Guest> guests;
    private final List<Optional<GuestView>> views;
    private final List<String> sources;
    private final String[] insideWhy;
    private final BufferedWriter out;
    private final ScheduledExecutorService ticker;
    private final ExecutorService readers;
    private volatile Integer trial;
    private HostSnapshot windowStart;
    private List<GuestEdge> guestsStart;

    private TelemetryRecorder(int attempt, List<Guest> guests, List<Optional<GuestView>> views, BufferedWriter out,
                              TelemetryInterval interval) {
        this.attempt = attempt;
        this.guests = List.copyOf(guests);
        this.views = views;
        this.sources = views.stream().map(v -> v.map(GuestView::describe)
                .orElse("not watched from outside: its backend offers no cgroup or process here")).toList();
        this.insideWhy = new String[guests.size()];
        this.out = out;
        this.readers = out == null ? null : Executors.newFixedThreadPool(Math.max(1, Math.min(guests.size(), 8)),
                daemon("virtbench-telemetry-guest"));
        this.ticker = out == null ? null : Executors.newSingleThreadScheduledExecutor(daemon("virtbench-telemetry"));
        if (ticker != null) {
            ticker.scheduleAtFixedRate(this::tick, interval.millis(), interval.millis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A recorder that records nothing, for {@code --telemetry off}. */
    public static TelemetryRecorder off() {
        return new TelemetryRecorder(0, List.of(), List.of(), null, TelemetryInterval.OFF);
    }

    /**
     * Starts sampling a cell's guests into {@code cellFolder}/{@value #FILE} (appended: a resumed
     * cell's attempts follow each other, each after its header).
     *
     * @param outside where the guests can be watched from outside, when their backend says
     * @throws IOException when the file cannot be opened
     */
    public static TelemetryRecorder start(Path cellFolder, TelemetryInterval interval, String workload, String backend,
                                          int attempt, List<Guest> guests, Optional<ObservableGuests> outside)
            throws IOException {
        if (!interval.enabled()) {
            return off();
        }
        List<Optional<GuestView>> views = new ArrayList<>();
        for (int g = 0; g < guests.size(); g++) {
            int index = g;
            views.add(outside.flatMap(o -> o.outsideView(index)));
        }
        BufferedWriter out = Files.newBufferedWriter(cellFolder.resolve(FILE), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        TelemetryRecorder recorder = new TelemetryRecorder(attempt, guests, views, out, interval);
        HostSnapshot host = HostSnapshot.read();
        recorder.write(new TelemetryLine.Header(workload, backend, guests.size(), attempt, interval.toString(),
                host.stat().cpus(), ClockTicks.perSecond(), HostSnapshot.pressureAbsent().orElse(null),
                recorder.sources));
        return recorder;
    }

    /** Marks the start of a trial's measured window: call just before the guests are released. */
    public void trialStarting(int trialIndex) {
        if (out == null) {
            return;
        }
        try {
            guestsStart = edges(true);
            windowStart = HostSnapshot.read();
            trial = trialIndex;
            write(new TelemetryLine.Sample(trialIndex, "start", windowStart, outsideOf(guestsStart)));
        } catch (IOException | RuntimeException e) {
            windowStart = null;
        }
    }

    /**
     * Marks the end of the window: call just after the last guest finished. Writes and returns the
     * trial's summary; empty when telemetry is off or the start could not be read.
     */
    public Optional<TrialTelemetry> trialEnded(int trialIndex, boolean discarded) {
        if (out == null || windowStart == null) {
            return Optional.empty();
        }
        try {
            HostSnapshot end = HostSnapshot.read();
            List<GuestEdge> outsideEnd = edges(false);
            trial = null;
            write(new TelemetryLine.Sample(trialIndex, "end", end, outsideOf(outsideEnd)));
            TrialTelemetry summary = TrialSummaries.summarize(attempt, trialIndex, discarded, windowStart, end,
                    guestsStart, outsideEnd, sources, Arrays.asList(insideWhy));
            write(new TelemetryLine.Trial(summary));
            return Optional.of(summary);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } finally {
            windowStart = null;
        }
    }

    /**
     * Each guest's counters from outside, and its own /proc/stat read in parallel. At the start
     * they are read before the host (the window opens after them), at the end after it.
     */
    private List<GuestEdge> edges(boolean startEdge) {
        List<Future<ProcStat>> inside = new ArrayList<>();
        for (int g = 0; g < guests.size(); g++) {
            int index = g;
            inside.add(insideWhy[g] != null ? null : readers.submit(() -> readInside(index)));
        }
        List<GuestEdge> edges = new ArrayList<>();
        for (int g = 0; g < guests.size(); g++) {
            ProcStat stat = null;
            if (inside.get(g) != null) {
                try {
                    stat = inside.get(g).get(INSIDE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // a guest that cannot answer (it died, or its transport hangs) is not asked
                    // again: the trials must not wait on telemetry
                    inside.get(g).cancel(true);
                    insideWhy[g] = "its /proc/stat could not be read (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
                            + "); not read again in this cell";
                    stat = null;
                }
            }
            edges.add(new GuestEdge(views.get(g).flatMap(GuestView::read).orElse(null), stat));
        }
        return edges;
    }

    /** A guest's /proc/stat, or null; notes once for good when the guest shares the host's kernel. */
    private ProcStat readInside(int g) throws IOException {
        CommandResult r = guests.get(g).run(Command.of("cat", "/proc/stat").withTimeout(INSIDE_TIMEOUT));
        Optional<ProcStat> stat = r.ok() ? ProcStat.parse(r.stdout()) : Optional.empty();
        if (stat.isEmpty()) {
            insideWhy[g] = "cat /proc/stat in the guest gave no cpu line (exit " + r.exitCode()
                    + "); not read again in this cell";
            return null;
        }
        if (stat.get().bootTime() == HostSnapshot.read().stat().bootTime()) {
            insideWhy[g] = SHARED_KERNEL;
            return null;
        }
        return stat.get();
    }

    private static List<GuestCounters> outsideOf(List<GuestEdge> edges) {
        return edges.stream().map(GuestEdge::outside).toList();
    }

    /** A periodic sample. */
    private void tick() {
        try {
            HostSnapshot host = HostSnapshot.read();
            List<GuestCounters> counters = views.stream().map(v -> v.flatMap(GuestView::read).orElse(null)).toList();
            write(new TelemetryLine.Sample(trial, null, host, counters));
        } catch (IOException | RuntimeException e) {
            // a missed sample: the next tick tries again, the window's edges are read apart
        }
    }

    private synchronized void write(TelemetryLine line) throws IOException {
        out.write(JSON.writeValueAsString(line));
        out.newLine();
        out.flush();
    }

    /** Stops sampling and closes the file; safe to call twice. */
    @Override
    public void close() {
        if (out == null) {
            return;
        }
        ticker.shutdownNow();
        readers.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                out.close();
            } catch (IOException e) {
                // the lines written so far were flushed
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
