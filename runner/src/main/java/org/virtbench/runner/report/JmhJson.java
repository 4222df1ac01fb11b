package org.virtbench.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.virtbench.annotations.Direction;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.CellResult;

/**
 * {@code jmh-result.json}: the results in the JSON that JMH writes with {@code -rf json}, so tools
 * that chart JMH results over time can track virtbench's. One entry per completed cell:
 * {@code benchmark} is {@code virtbench.WORKLOAD}, and the backend, the guest count and the
 * workload's parameters are its {@code params}, as JMH's own {@code @Param}s are.
 *
 * <p>Each guest is a JMH fork and each kept trial an iteration: {@code rawData} holds one list per
 * guest. As in JMH, {@code score} is the mean of every kept trial and {@code scoreError} the
 * half-width of its 99.9% Student-t interval (NaN, written as the string {@code "NaN"} as JMH
 * does, with fewer than two trials). A time is mode {@code ss} (single shot, unit {@code s/op});
 * a throughput is mode {@code thrpt} in the workload's own unit.
 */
public final class JmhJson {
    /** The file's name in the results directory. */
    public static final String FILE = "jmh-result.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JmhJson() {
    }

    /** One JMH result entry; field names and order as JMH writes them. */
    record Entry(String jmhVersion, String benchmark, String mode, int threads, int forks, String jvm,
                 List<String> jvmArgs, String jdkVersion, String vmName, String vmVersion, int warmupIterations,
                 String warmupTime, int warmupBatchSize, int measurementIterations, String measurementTime,
                 int measurementBatchSize, Map<String, String> params, Metric primaryMetric,
                 Map<String, Metric> secondaryMetrics) {
    }

    /** JMH's metric: score, error, confidence, percentiles, unit and the raw values per fork. */
    record Metric(double score, Object scoreError, List<Object> scoreConfidence,
                  Map<String, Double> scorePercentiles, String scoreUnit, List<List<Double>> rawData) {
    }

    public static void write(ResultsDocument doc, OutputStream out) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (CellResult c : doc.cells()) {
            if (c.figures().summary() == null || c.outcome().status() != ResultsDocument.Status.COMPLETED) {
                continue;
            }
            entries.add(entry(doc, c));
        }
        JSON.writeValue(out, entries);
    }

    static Entry entry(ResultsDocument doc, CellResult c) {
        List<List<Double>> raw = new ArrayList<>();
        DescriptiveStatistics all = new DescriptiveStatistics();
        for (int g = 0; g < c.cell().guests(); g++) {
            int guest = g;
            List<Double> values = Flags.kept(c).stream().filter(s -> s.guest() == guest).map(s -> s.value()).toList();
            values.forEach(all::addValue);
            raw.add(values);
        }
        long n = all.getN();
        double mean = all.getMean();
        Object error = "NaN";
        List<Object> confidence = List.of("NaN", "NaN");
        if (n >= 2) {
            double halfWidth = new TDistribution(n - 1).inverseCumulativeProbability(0.9995)
                    * all.getStandardDeviation() / Math.sqrt(n);
            error = halfWidth;
            confidence = List.of(mean - halfWidth, mean + halfWidth);
        }
        Map<String, Double> percentiles = new LinkedHashMap<>();
        for (double p : new double[] {0.0, 50.0, 90.0, 95.0, 99.0, 99.9, 99.99, 99.999, 99.9999, 100.0}) {
            percentiles.put(Double.toString(p), p == 0.0 ? all.getMin() : all.getPercentile(p));
        }
        boolean time = c.cell().direction() == Direction.LOWER_IS_BETTER;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("backend", c.cell().backend());
        params.put("guests", Integer.toString(c.cell().guests()));
        params.putAll(new java.util.TreeMap<>(c.cell().params()));
        String version = "virtbench " + doc.campaign().virtbenchVersion();
        return new Entry(version, "virtbench." + c.cell().workload(), time ? "ss" : "thrpt", c.cell().guests(), c.cell().guests(),
                "virtbench", List.of(), System.getProperty("java.version"), "virtbench", version,
                c.cell().discard() == null ? 0 : c.cell().discard(), "single-shot", 1, (int) (n / Math.max(1, c.cell().guests())),
                "single-shot", 1, params,
                new Metric(mean, error, confidence, percentiles, time ? c.cell().unit() + "/op" : c.cell().unit(), raw), Map.of());
    }
}
