package org.virtbench.runner.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.MinMaxCategoryRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.virtbench.annotations.Direction;
import org.virtbench.runner.report.Figures.Bar;
import org.virtbench.runner.report.Figures.RelativeFigure;
import org.virtbench.runner.report.Figures.ScaleFigure;
import org.virtbench.runner.report.Figures.ScalePoint;
import org.virtbench.runner.report.Figures.ScaleSeries;

/**
 * Draws the figures with JFreeChart's stock charts and renderers, as PNG. AWT runs headless: a
 * report is written on servers without a display.
 */
final class Charts {
    /** Width and height of every chart, in pixels. */
    static final int WIDTH = 640;
    static final int HEIGHT = 380;

    private static final Color BAR = new Color(0x4472c4);
    private static final Color BASELINE = new Color(0xc00000);
    private static final Color GRID = new Color(0xd0d0d0);
    /** A colour per backend, in campaign order; colour-blind safe (Okabe and Ito). */
    private static final Color[] LINES = {new Color(0x000000), new Color(0x0072b2), new Color(0xd55e00),
        new Color(0x009e73), new Color(0xcc79a7), new Color(0xe69f00), new Color(0x56b4e9)};
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    static {
        // before the first AWT class loads: no display on a server, and none is needed
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        // PNGs are encoded in memory: ImageIO's file cache would write temporary files and add a
        // shutdown hook, which fails while a stopping JVM writes the report (Ctrl-C, SIGTERM)
        javax.imageio.ImageIO.setUseCache(false);
    }

    private Charts() {
    }

    /**
     * The relative performance of one workload (the paper's Figures 3-9): a bar per backend, the
     * native level 1.0 marked, and the 95% interval of each ratio drawn where the results carry one.
     */
    static byte[] relative(RelativeFigure figure) {
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        DefaultCategoryDataset intervals = new DefaultCategoryDataset();
        for (Bar b : figure.bars()) {
            bars.addValue(b.relative(), "relative", b.backend());
            // every bar gets a column, empty without a whisker, so each whisker stands over its own bar
            intervals.addValue((Number) null, "low", b.backend());
            intervals.addValue((Number) null, "high", b.backend());
            b.whisker().ifPresent(i -> {
                intervals.addValue(i.low(), "low", b.backend());
                intervals.addValue(i.high(), "high", b.backend());
            });
        }
        JFreeChart chart = ChartFactory.createBarChart(figure.workload() + (figure.guests() > 1
                        ? " (n = " + figure.guests() + ")" : ""), null,
                "relative performance (bare metal = 1.0)", bars, PlotOrientation.VERTICAL, false, false, false);
        chart.addSubtitle(new TextTitle(relativeSubtitle(figure), SMALL));
        CategoryPlot plot = chart.getCategoryPlot();
        style(plot);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, BAR);
        renderer.setMaximumBarWidth(0.18);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("0.00")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        renderer.setDefaultItemLabelPaint(Color.WHITE);
        // the value inside the bar's foot: the top belongs to the whiskers and the 1.0 line
        renderer.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.INSIDE6,
                TextAnchor.BOTTOM_CENTER));
        if (figure.hasWhiskers()) {
            // JFreeChart's min/max renderer draws, per category, a tick at each value and a line
            // between the lowest and the highest: an error bar from the interval's two bounds
            MinMaxCategoryRenderer errors = new MinMaxCategoryRenderer();
            errors.setDrawLines(false);
            errors.setGroupPaint(Color.BLACK);
            errors.setGroupStroke(new BasicStroke(1.6f));
            // its stock tick (a short horizontal line) at both ends, in place of the default circles
            errors.setMinIcon(errors.getObjectIcon());
            errors.setMaxIcon(errors.getObjectIcon());
            errors.setSeriesPaint(0, Color.BLACK);
            errors.setSeriesPaint(1, Color.BLACK);
            plot.setDataset(1, intervals);
            plot.setRenderer(1, errors);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        }
        ValueMarker one = new ValueMarker(1.0, BASELINE, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        plot.addRangeMarker(one, Layer.FOREGROUND);
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        double top = figure.bars().stream().mapToDouble(b -> Math.max(b.relative(),
                b.whisker().map(i -> i.high()).orElse(0.0))).max().orElse(1.0);
        range.setRange(0.0, Math.max(1.0, top) * 1.15);
        return png(chart);
    }

    private static String relativeSubtitle(RelativeFigure figure) {
        String how = figure.direction() == Direction.LOWER_IS_BETTER
                ? "time in " + figure.unit() + ": bare metal / guest" : figure.unit() + ": guest / bare metal";
        // the dashed line is named here, not on the plot, where its label would cover a bar above 1.0
        List<String> same = figure.indistinguishable();
        return how + "; higher is better; dashed: bare metal = 1.0"
                + (figure.hasIntervals() ? "; whiskers: 95% bootstrap interval"
                : figure.hasWhiskers() ? "; whiskers: lowest-highest ratio of the kept trials" : "")
                + (same.isEmpty() ? "" : "; not distinguishable from bare metal: " + String.join(", ", same));
    }

    /** Which curve of a scalability figure. */
    enum ScaleMetric {
        AGGREGATE, PER_GUEST, SKEW, FAIRNESS
    }

    /**
     * One panel of a scalability figure (the paper's Figure 10, or Figure 12 for a time): a line per
     * backend against the number of guests.
     */
    static byte[] scale(ScaleFigure figure, ScaleMetric metric, List<String> backends) {
        Function<ScalePoint, Optional<Double>> value = switch (metric) {
            case AGGREGATE -> p -> Optional.of(p.aggregate());
            case PER_GUEST -> p -> Optional.of(p.perGuest());
            case SKEW -> ScalePoint::skewMillis;
            case FAIRNESS -> ScalePoint::fairness;
        };
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ScaleSeries s : figure.series()) {
            for (int n : figure.guestCounts()) {
                // every n as a column, in order, also where this backend has no value there
                data.addValue(null, s.backend(), Integer.valueOf(n));
            }
            for (ScalePoint p : s.points()) {
                value.apply(p).ifPresent(v -> data.addValue(v, s.backend(), Integer.valueOf(p.guests())));
            }
        }
        boolean time = figure.direction() == Direction.LOWER_IS_BETTER;
        String title = switch (metric) {
            case AGGREGATE -> "(a) " + (time ? "total time of the n guests" : "aggregate throughput");
            case PER_GUEST -> "(b) " + (time ? "mean time per guest" : "mean throughput per guest");
            case SKEW -> "(c) start skew of the guests (largest over the trials)";
            case FAIRNESS -> "(d) Jain's fairness of the guests (1.0 = even)";
        };
        String axis = switch (metric) {
            case AGGREGATE, PER_GUEST -> figure.unit();
            case SKEW -> "ms";
            case FAIRNESS -> "Jain index";
        };
        JFreeChart chart = ChartFactory.createLineChart(figure.workload() + " at scale: " + title,
                "guests running concurrently (n)", axis, data, PlotOrientation.VERTICAL, true, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        CategoryPlot plot = chart.getCategoryPlot();
        style(plot);
        LineAndShapeRenderer renderer = (LineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        renderer.setDefaultStroke(new BasicStroke(2f));
        renderer.setAutoPopulateSeriesStroke(false);
        for (int i = 0; i < figure.series().size(); i++) {
            // a backend keeps its colour in every panel, also where another backend has no curve
            renderer.setSeriesPaint(i, LINES[backends.indexOf(figure.series().get(i).backend()) % LINES.length]);
        }
        if (metric == ScaleMetric.FAIRNESS) {
            NumberAxis range = (NumberAxis) plot.getRangeAxis();
            range.setRange(0.0, 1.05);
        }
        return png(chart);
    }

    /** The colour of the backend at {@code index} in campaign order, as the scale panels use it. */
    static Color lineColor(int index) {
        return LINES[Math.max(0, index) % LINES.length];
    }

    static void style(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        CategoryAxis domain = plot.getDomainAxis();
        domain.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        domain.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        domain.setMaximumCategoryLabelLines(2);
    }

    private static byte[] png(JFreeChart chart) {
        return png(chart, WIDTH, HEIGHT);
    }

    /** A chart as PNG at the given size, with the report's background and antialiasing. */
    static byte[] png(JFreeChart chart, int width, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart as PNG", e);
        }
        return out.toByteArray();
    }
}
