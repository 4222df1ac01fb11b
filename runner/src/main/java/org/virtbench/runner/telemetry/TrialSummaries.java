package org.virtbench.runner.telemetry;

import java.util.ArrayList;
import java.util.List;
import org.virtbench.runner.telemetry.TrialTelemetry.GuestShare;
import org.virtbench.runner.telemetry.TrialTelemetry.PressureShares;

/** Summarizes a measured window from the readings at its two edges. */
final class TrialSummaries {
    private TrialSummaries() {
    }

    /** What one guest looked like at one edge of the window. */
    record GuestEdge(GuestCounters outside, ProcStat inside) {
    }

    /**
     * @param sources   per guest, where it is watched from, or why not
     * @param insideWhy per guest, why its own /proc/stat is not used; null where it is
     */
    static TrialTelemetry summarize(int attempt, int trial, boolean discarded, HostSnapshot start, HostSnapshot end,
                                    List<GuestEdge> guestsStart, List<GuestEdge> guestsEnd, List<String> sources,
                                    List<String> insideWhy) {
        long window = end.nanos() - start.nanos();
        double seconds = window / 1e9;
        CpuTimes delta = end.stat().cpu().minus(start.stat().cpu());
        int cpus = end.stat().cpus();
        double capacity = cpus * ClockTicks.perSecond() * seconds;
        double accounted = delta.total() / capacity;
        CpuSplit split = CpuSplit.ofWindow(delta, capacity, cpus);
        double ctxt = (end.stat().contextSwitches() - start.stat().contextSwitches()) / seconds;
        double interrupts = (end.stat().interrupts() - start.stat().interrupts()) / seconds;
        int n = guestsEnd.size();
        double[] cpu = new double[n];
        double watched = 0;
        for (int g = 0; g < n; g++) {
            GuestCounters a = guestsStart.get(g).outside();
            GuestCounters b = guestsEnd.get(g).outside();
            cpu[g] = a == null || b == null ? Double.NaN : (b.cpuNanos() - a.cpuNanos()) / 1e9;
            if (!Double.isNaN(cpu[g])) {
                watched += cpu[g];
            }
        }
        List<GuestShare> guests = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            GuestCounters a = guestsStart.get(g).outside();
            GuestCounters b = guestsEnd.get(g).outside();
            boolean seen = !Double.isNaN(cpu[g]);
            ProcStat ia = guestsStart.get(g).inside();
            ProcStat ib = guestsEnd.get(g).inside();
            CpuSplit inside = ia == null || ib == null ? null : CpuSplit.of(ib.cpu().minus(ia.cpu()));
            String why = inside != null ? null : insideWhy.get(g) != null ? insideWhy.get(g)
                    : "its /proc/stat could not be read at both edges of the window";
            guests.add(new GuestShare(g, sources.get(g), seen ? cpu[g] : null,
                    seen ? cpu[g] / (cpus * seconds) : null, seen && watched > 0 ? cpu[g] / watched : null,
                    1.0 / n, b == null ? null : b.memoryBytes(), b == null ? null : b.memoryPeakBytes(),
                    a == null || b == null || a.ioBytes() == null || b.ioBytes() == null ? null
                            : b.ioBytes() - a.ioBytes(), inside, why));
        }
        return new TrialTelemetry(attempt, trial, discarded, window, cpus, split, accounted, ctxt, interrupts,
                pressure(start, end, window), Math.min(start.memAvailableBytes(), end.memAvailableBytes()), guests);
    }

    private static PressureShares pressure(HostSnapshot start, HostSnapshot end, long windowNanos) {
        if (start.pressure() == null || end.pressure() == null) {
            return null;
        }
        double micros = windowNanos / 1e3;
        HostSnapshot.HostPressure a = start.pressure();
        HostSnapshot.HostPressure b = end.pressure();
        return new PressureShares(
                (b.cpu().someMicros() - a.cpu().someMicros()) / micros,
                (b.io().someMicros() - a.io().someMicros()) / micros,
                full(a.io(), b.io(), micros),
                (b.memory().someMicros() - a.memory().someMicros()) / micros,
                full(a.memory(), b.memory(), micros),
                b.cpu().someAvg10(), b.io().someAvg10(), b.memory().someAvg10());
    }

    private static Double full(Pressure a, Pressure b, double micros) {
        return a.fullMicros() == null || b.fullMicros() == null ? null : (b.fullMicros() - a.fullMicros()) / micros;
    }
}
