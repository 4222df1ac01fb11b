package org.virtbench.runner.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.results.ResultsDocument.SampleResult;

/**
 * {@code results.csv}: one row per sample, RFC 4180 quoting by commons-csv (a failure reason may
 * hold commas, quotes and line breaks). Numbers are written in full precision, an absent value as
 * an empty field. Each secondary figure any sample carries gets its own column,
 * {@code secondary:NAME}.
 */
public final class SampleCsv {
    /** The file's name in the results directory. */
    public static final String FILE = "results.csv";

    /** The fixed leading columns. */
    static final List<String> COLUMNS = List.of("workload", "backend", "guests", "guest", "trial", "value", "unit",
            "direction", "discarded", "status", "reason", "hostStartNanos", "hostEndNanos", "cellStatus");

    private SampleCsv() {
    }

    public static void write(ResultsDocument doc, Writer out) throws IOException {
        TreeSet<String> secondary = new TreeSet<>();
        doc.cells().forEach(c -> c.samples().forEach(s -> {
            if (s.secondary() != null) {
                secondary.addAll(s.secondary().keySet());
            }
        }));
        List<String> header = new ArrayList<>(COLUMNS);
        secondary.forEach(name -> header.add("secondary:" + name));
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get();
        try (CSVPrinter csv = new CSVPrinter(out, format)) {
            for (CellResult c : doc.cells()) {
                for (SampleResult s : c.samples()) {
                    List<Object> row = new ArrayList<>(List.of(text(c.cell().workload()), text(c.cell().backend()), c.cell().guests(), s.guest(),
                            s.trial(), text(s.value()), text(c.cell().unit()),
                            c.cell().direction() == null ? "" : c.cell().direction().name(), s.discarded(), s.status().label(),
                            text(s.reason()), text(s.hostStartNanos()), text(s.hostEndNanos()), c.outcome().status().label()));
                    for (String name : secondary) {
                        row.add(s.secondary() == null ? "" : text(s.secondary().get(name)));
                    }
                    csv.printRecord(row);
                }
            }
        }
    }

    /**
     * The field of a value: empty when absent or not finite, so a spreadsheet reads a blank cell.
     * Text that a spreadsheet would take for a formula ({@code =}, {@code +}, {@code -}, {@code @},
     * tab, carriage return first: a failure reason quoting a guest's output) gets a leading
     * apostrophe, so it is shown, never evaluated; numbers stay numbers.
     */
    static String text(Object value) {
        if (value == null || value instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        String text = value.toString();
        if (value instanceof CharSequence && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
