package org.virtbench.runner.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.virtbench.annotations.Direction;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.stats.Interval;

/**
 * The data of the paper's figures, taken from a results document: relative performance per
 * workload (Figures 3-9) and the scalability curves (Figures 10 and 12). Pure: no drawing here.
 */
final class Figures {
    private Figures() {
    }

    /**
     * One bar: a backend's performance relative to bare metal.
     *
     * @param relative 1.0 is native, higher is better (see {@link org.virtbench.runner.stats.Relative})
     * @param interval the 95% bootstrap interval of the ratio, in rigorous mode
     * @param range    lowest and highest ratio of the kept trials to the baseline's (round by round)
     * @param indistinguishable whether that range includes 1.0: not distinguishable from bare metal
     */
    record Bar(String backend, double relative, Optional<Interval> interval, Optional<Interval> range,
               boolean indistinguishable) {
        /** The whisker drawn: the bootstrap interval where there is one, else the trials' range. */
        Optional<Interval> whisker() {
            return interval.or(() -> range);
        }
    }

    /**
     * The relative performance of one workload at one guest count, one bar per backend that has a
     * value, in the campaign's backend order.
     *
     * @param missing backends whose cell has no relative value, with why (failed, no baseline, ...)
     */
    record RelativeFigure(String workload, String unit, Direction direction, int guests, List<Bar> bars,
                          Map<String, String> missing) {
        boolean hasIntervals() {
            return bars.stream().anyMatch(b -> b.interval().isPresent());
        }

        boolean hasWhiskers() {
            return bars.stream().anyMatch(b -> b.whisker().isPresent());
        }

        /** The backends whose trials' range includes 1.0. */
        List<String> indistinguishable() {
            return bars.stream().filter(Bar::indistinguishable).map(Bar::backend).toList();
        }
    }

    /**
     * One point of a scalability curve: a backend's cell at n guests.
     *
     * @param aggregate  the paper's aggregate: mean per-guest value times n for a throughput, total
     *                   time for a time; at n = 1 the cell's median
     * @param perGuest   the mean of the per-guest medians; at n = 1 the cell's median
     * @param skewMillis the largest start skew of the guests over the trials, in ms; empty if not recorded
     * @param fairness   Jain's fairness index of the per-guest values; 1.0 at n = 1; empty if not known
     */
    record ScalePoint(int guests, double aggregate, double perGuest, Optional<Double> skewMillis,
                      Optional<Double> fairness) {
    }

    /** A backend's curve, points by increasing n. */
    record ScaleSeries(String backend, List<ScalePoint> points) {
    }

    /** A workload run at more than one guest count. */
    record ScaleFigure(String workload, String unit, Direction direction, List<Integer> guestCounts,
                       List<ScaleSeries> series) {
        /** True when some backend has a value at n > 1: otherwise there is no curve to draw. */
        boolean hasScalePoints() {
            return series.stream().flatMap(s -> s.points().stream()).anyMatch(p -> p.guests() > 1);
        }
    }

    /** The backends in the campaign's order, then any only the cells name. */
    static List<String> backendOrder(ResultsDocument doc) {
        Set<String> order = new LinkedHashSet<>();
        doc.backends().forEach(b -> order.add(b.id()));
        doc.cells().forEach(c -> order.add(c.cell().backend()));
        return List.copyOf(order);
    }

    /** The workloads in the order their first cell appears. */
    static List<String> workloadOrder(ResultsDocument doc) {
        Set<String> order = new LinkedHashSet<>();
        doc.cells().forEach(c -> order.add(c.cell().workload()));
        return List.copyOf(order);
    }

    /**
     * One figure per workload, at its smallest guest count (n = 1 for every workload of the paper's
     * first step).
     */
    static List<RelativeFigure> relative(ResultsDocument doc) {
        List<RelativeFigure> figures = new ArrayList<>();
        List<String> backends = backendOrder(doc);
        for (String workload : workloadOrder(doc)) {
            List<CellResult> cells = doc.cells().stream().filter(c -> c.cell().workload().equals(workload)).toList();
            int n = cells.stream().mapToInt(c -> c.cell().guests()).min().orElse(1);
            List<Bar> bars = new ArrayList<>();
            Map<String, String> missing = new LinkedHashMap<>();
            String unit = null;
            Direction direction = null;
            for (String backend : backends) {
                Optional<CellResult> cell = cells.stream()
                        .filter(c -> c.cell().backend().equals(backend) && c.cell().guests() == n).findFirst();
                if (cell.isEmpty()) {
                    continue;
                }
                CellResult c = cell.get();
                unit = unit == null ? c.cell().unit() : unit;
                direction = direction == null ? c.cell().direction() : direction;
                if (c.figures().relative() != null && Double.isFinite(c.figures().relative().value())) {
                    boolean baseline = backend.equals(doc.campaign().baseline());
                    bars.add(new Bar(backend, c.figures().relative().value(), Optional.ofNullable(c.figures().relative().bootstrap95()),
                            // bare metal against itself: its range is 1.0-1.0 by construction, no whisker to draw
                            Optional.ofNullable(baseline ? null : c.figures().relative().range()),
                            !baseline && c.figures().relative().indistinguishable()));
                } else {
                    missing.put(backend, whyNoRelative(c, doc.campaign().baseline()));
                }
            }
            figures.add(new RelativeFigure(workload, unit, direction, n, bars, missing));
        }
        return figures;
    }

    private static String whyNoRelative(CellResult c, String baseline) {
        if (c.outcome().status() != ResultsDocument.Status.COMPLETED) {
            return c.outcome().status().label() + (c.outcome().reason() == null ? "" : ": " + c.outcome().reason());
        }
        if (c.figures().summary() == null) {
            return "no kept sample";
        }
        return "no completed " + baseline + " cell at n = " + c.cell().guests() + " to compare with";
    }

    /** One figure per workload with cells at more than one guest count. */
    static List<ScaleFigure> scale(ResultsDocument doc) {
        List<ScaleFigure> figures = new ArrayList<>();
        for (String workload : workloadOrder(doc)) {
            List<CellResult> cells = doc.cells().stream().filter(c -> c.cell().workload().equals(workload)).toList();
            TreeSet<Integer> counts = new TreeSet<>();
            cells.forEach(c -> counts.add(c.cell().guests()));
            if (counts.size() < 2) {
                continue;
            }
            List<ScaleSeries> series = new ArrayList<>();
            for (String backend : backendOrder(doc)) {
                List<ScalePoint> points = cells.stream().filter(c -> c.cell().backend().equals(backend))
                        .sorted(java.util.Comparator.comparingInt(c -> c.cell().guests()))
                        .map(Figures::point).flatMap(Optional::stream).toList();
                if (!points.isEmpty()) {
                    series.add(new ScaleSeries(backend, points));
                }
            }
            CellResult first = cells.get(0);
            figures.add(new ScaleFigure(workload, first.cell().unit(), first.cell().direction(), List.copyOf(counts), series));
        }
        return figures;
    }

    /** The point of a cell, when it has a value. */
    static Optional<ScalePoint> point(CellResult c) {
        Optional<Double> skew = Optional.ofNullable(c.scale().maxStartSkewNanos()).map(n -> n / 1e6);
        if (c.scale().aggregate() != null) {
            return Optional.of(new ScalePoint(c.cell().guests(), c.scale().aggregate().aggregate(), c.scale().aggregate().perGuestMean(), skew,
                    Optional.of(c.scale().aggregate().jainFairness())));
        }
        if (c.cell().guests() == 1 && c.figures().summary() != null) {
            double median = c.figures().summary().median();
            return Optional.of(new ScalePoint(1, median, median, skew, Optional.of(1.0)));
        }
        return Optional.empty();
    }
}
