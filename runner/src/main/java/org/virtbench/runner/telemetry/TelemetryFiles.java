package org.virtbench.runner.telemetry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads the cells' telemetry files of a campaign back for the results. */
public final class TelemetryFiles {
    /** A timeline in the results keeps at most this many points. */
    public static final int TIMELINE_POINTS = 120;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TelemetryFiles() {
    }

    /**
     * Every cell's telemetry under {@code outputDirectory/cells}, in folder order; cells without
     * a file (telemetry off) are left out. A torn last line (a crash while writing) is skipped.
     */
    public static List<CellTelemetry> read(Path outputDirectory) throws IOException {
        Path cells = outputDirectory.resolve("cells");
        if (!Files.isDirectory(cells)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(cells)) {
            files = list.map(d -> d.resolve(TelemetryRecorder.FILE)).filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
        List<CellTelemetry> all = new ArrayList<>();
        for (Path f : files) {
            readCell(f).ifPresent(all::add);
        }
        return all;
    }

    /**
     * The latest attempt in one file. An attempt may hold several headers: a cell whose guests are
     * provisioned anew for each trial (n > 1, one backend at a time) starts a recorder each time;
     * its trials add up, and the timeline takes no difference across two provisionings (their
     * guests' counters start over).
     */
    static Optional<CellTelemetry> readCell(Path file) throws IOException {
        TelemetryLine.Header header = null;
        List<TrialTelemetry> trials = new ArrayList<>();
        List<List<TelemetryLine.Sample>> segments = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                TelemetryLine line;
                try {
                    line = JSON.readValue(text, TelemetryLine.class);
                } catch (IOException e) {
                    continue;
                }
                if (line instanceof TelemetryLine.Header h) {
                    if (header == null || h.attempt() != header.attempt()) {
                        trials.clear();
                        segments.clear();
                    }
                    header = h;
                    segments.add(new ArrayList<>());
                } else if (line instanceof TelemetryLine.Trial t) {
                    trials.add(t.summary());
                } else if (line instanceof TelemetryLine.Sample s && !segments.isEmpty()) {
                    segments.get(segments.size() - 1).add(s);
                }
            }
        }
        if (header == null) {
            return Optional.empty();
        }
        return Optional.of(new CellTelemetry(header.workload(), header.backend(), header.guests(), header.attempt(),
                header.period(), header.cpus(), header.pressureAbsent(), header.guestSources(), trials,
                timeline(segments, header.cpus(), header.clockTicks())));
    }

    /**
     * Differences between samples, within each provisioning's segment, taken over a stride that
     * keeps at most {@link #TIMELINE_POINTS}; seconds from the first sample of all.
     */
    static List<CellTelemetry.TimelinePoint> timeline(List<List<TelemetryLine.Sample>> segments, int cpus,
                                                       long clockTicks) {
        List<CellTelemetry.TimelinePoint> points = new ArrayList<>();
        int total = segments.stream().mapToInt(List::size).sum();
        if (total < 2) {
            return points;
        }
        int stride = Math.max(1, (int) Math.ceil((total - 1) / (double) TIMELINE_POINTS));
        long origin = segments.stream().filter(seg -> !seg.isEmpty()).findFirst().orElseThrow().get(0).host().nanos();
        for (List<TelemetryLine.Sample> samples : segments) {
            points.addAll(segment(samples, stride, origin, cpus, clockTicks));
        }
        return points;
    }

    private static List<CellTelemetry.TimelinePoint> segment(List<TelemetryLine.Sample> samples, int stride,
                                                             long origin, int cpus, long clockTicks) {
        List<CellTelemetry.TimelinePoint> points = new ArrayList<>();
        for (int i = stride; i < samples.size(); i += stride) {
            TelemetryLine.Sample a = samples.get(i - stride);
            TelemetryLine.Sample b = samples.get(i);
            double seconds = (b.host().nanos() - a.host().nanos()) / 1e9;
            CpuTimes delta = b.host().stat().cpu().minus(a.host().stat().cpu());
            // a file from before USER_HZ was recorded: over the ticks alone
            CpuSplit split = clockTicks > 0 ? CpuSplit.ofWindow(delta, cpus * clockTicks * seconds, cpus) : CpuSplit.of(delta);
            if (split == null || seconds <= 0) {
                continue;
            }
            List<Double> guests = new ArrayList<>();
            for (int g = 0; g < b.guests().size(); g++) {
                GuestCounters ga = g < a.guests().size() ? a.guests().get(g) : null;
                GuestCounters gb = b.guests().get(g);
                guests.add(ga == null || gb == null ? null : (gb.cpuNanos() - ga.cpuNanos()) / 1e9 / (cpus * seconds));
            }
            // the span up to a window's start edge is before the window: not measured
            Integer trial = "start".equals(b.boundary()) ? null : b.trial();
            points.add(new CellTelemetry.TimelinePoint((b.host().nanos() - origin) / 1e9, trial, split, guests));
        }
        return points;
    }
}
