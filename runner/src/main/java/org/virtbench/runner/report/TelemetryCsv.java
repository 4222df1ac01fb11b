package org.virtbench.runner.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.telemetry.CellTelemetry;
import org.virtbench.runner.telemetry.CpuSplit;
import org.virtbench.runner.telemetry.TrialTelemetry;
import org.virtbench.runner.telemetry.TrialTelemetry.GuestShare;

/**
 * {@code telemetry.csv}: the trials' telemetry for people who plot elsewhere, RFC 4180 by
 * commons-csv as {@link SampleCsv} writes {@code results.csv}. One row per trial for the host
 * ({@code scope} {@code host}) and one per guest ({@code guest N}); fractions are 0-1, an absent
 * value is an empty field. The raw samples stay in each cell's {@code telemetry.jsonl}.
 */
public final class TelemetryCsv {
    /** The file's name in the results directory. */
    public static final String FILE = "telemetry.csv";

    static final List<String> COLUMNS = List.of("workload", "backend", "guests", "attempt", "trial", "discarded",
            "scope", "windowSeconds", "user", "system", "irq", "iowait", "steal", "idle", "uncounted", "accounted",
            "contextSwitchesPerSecond", "interruptsPerSecond", "psiCpuSome", "psiIoSome", "psiIoFull", "psiMemorySome", "psiMemoryFull",
            "memAvailableMinBytes", "cpuSeconds", "hostCpuFraction", "shareOfGuests", "fairShare", "memoryBytes",
            "memoryPeakBytes", "ioBytes", "source", "note");

    private TelemetryCsv() {
    }

    public static void write(ResultsDocument doc, Writer out) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            for (CellTelemetry c : doc.telemetry()) {
                for (TrialTelemetry t : c.trials()) {
                    List<Object> lead = List.of(text(c.workload()), text(c.backend()), c.guests(), t.attempt(), t.trial(),
                            t.discarded());
                    double seconds = t.windowNanos() / 1e9;
                    List<Object> host = new ArrayList<>(lead);
                    host.add("host");
                    host.add(seconds);
                    host.addAll(split(t.host()));
                    host.add(t.accounted());
                    host.add(t.contextSwitchesPerSecond());
                    host.add(t.interruptsPerSecond());
                    TrialTelemetry.PressureShares p = t.pressure();
                    host.addAll(p == null ? blanks(5) : Arrays.asList(p.cpuSome(), p.ioSome(), text(p.ioFull()),
                            p.memorySome(), text(p.memoryFull())));
                    host.add(t.memAvailableMinBytes());
                    host.addAll(blanks(8));
                    host.add(p == null ? text(c.pressureAbsent()) : "");
                    csv.printRecord(host);
                    for (GuestShare g : t.guests()) {
                        List<Object> row = new ArrayList<>(lead);
                        row.add("guest " + g.guest());
                        row.add(seconds);
                        row.addAll(split(g.inside()));
                        row.addAll(blanks(9));
                        row.addAll(Arrays.asList(text(g.cpuSeconds()), text(g.hostCpuFraction()),
                                text(g.shareOfGuests()), g.fairShare(), text(g.memoryBytes()),
                                text(g.memoryPeakBytes()), text(g.ioBytes()), text(g.source()),
                                text(g.insideNote())));
                        csv.printRecord(row);
                    }
                }
            }
        }
    }

    private static List<Object> split(CpuSplit s) {
        return s == null ? blanks(7)
                : List.of(s.user(), s.system(), s.irq(), s.iowait(), s.steal(), s.idle(), s.uncounted());
    }

    private static List<Object> blanks(int n) {
        return new ArrayList<>(java.util.Collections.nCopies(n, ""));
    }

    /** As {@code results.csv} writes a field: empty when absent, never a spreadsheet formula. */
    private static Object text(Object value) {
        return SampleCsv.text(value);
    }
}
