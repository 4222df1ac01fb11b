package org.virtbench.runner.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.virtbench.runner.telemetry.CellTelemetry;
import org.virtbench.runner.telemetry.CpuSplit;

/** The telemetry charts, drawn as {@link Charts} draws the others. */
final class TelemetryCharts {
    /** A timeline's size: small, several side by side. */
    static final int SMALL_WIDTH = 430;
    static final int SMALL_HEIGHT = 250;

    /** Where CPU time goes, in stacking order, with one colour each (Okabe and Ito; idle grey). */
    private enum Part {
        USER("user", new Color(0x0072b2)), SYSTEM("system", new Color(0xe69f00)), IRQ("irq", new Color(0xcc79a7)),
        IOWAIT("iowait", new Color(0x009e73)), STEAL("steal", new Color(0xd55e00)), IDLE("idle", new Color(0xdddddd)),
        UNCOUNTED("not counted by /proc/stat", new Color(0x555555));

        final String label;
        final Color color;

        Part(String label, Color color) {
            this.label = label;
            this.color = color;
        }

        double of(CpuSplit s) {
            return switch (this) {
                case USER -> s.user();
                case SYSTEM -> s.system();
                case IRQ -> s.irq();
                case IOWAIT -> s.iowait();
                case STEAL -> s.steal();
                case IDLE -> s.idle();
                case UNCOUNTED -> s.uncounted();
            };
        }
    }

    private TelemetryCharts() {
    }

    /** One stacked bar per backend: the host's CPU time in the measured windows, in percent. */
    static byte[] breakdown(String workload, int guests, List<TelemetryFigures.Breakdown> bars) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (TelemetryFigures.Breakdown b : bars) {
            for (Part p : Part.values()) {
                data.addValue(p.of(b.split()) * 100, p.label, b.backend());
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(workload + (guests > 1 ? " (n = " + guests + ")" : "")
                        + ": where the host's CPU went", null, "% of the host's CPU time", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.addSubtitle(new TextTitle("the whole host during the measured windows, mean of the kept trials "
                + "(/proc/stat)", new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        CategoryPlot plot = chart.getCategoryPlot();
        Charts.style(plot);
        StackedBarRenderer renderer = (StackedBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.18);
        for (Part p : Part.values()) {
            renderer.setSeriesPaint(p.ordinal(), p.color);
        }
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 100);
        return Charts.png(chart, Charts.WIDTH, Charts.HEIGHT);
    }

    /**
     * Panel (e) of a scale figure: per backend, the least served guest's CPU over its fair share
     * against n (1.0, dashed, is fair; Jain's index beside it says the same of the results).
     */
    static byte[] fairShare(Figures.ScaleFigure figure, List<TelemetryFigures.FairShare> rows, List<String> backends) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<String> present = backends.stream().filter(b -> rows.stream().anyMatch(r -> r.backend().equals(b)))
                .toList();
        for (String b : present) {
            for (int n : figure.guestCounts()) {
                data.addValue(null, b, Integer.valueOf(n));
            }
        }
        rows.forEach(r -> data.addValue(r.lowest(), r.backend(), Integer.valueOf(r.guests())));
        JFreeChart chart = ChartFactory.createLineChart(figure.workload()
                        + " at scale: (e) least-served guest's CPU / fair share", "guests running concurrently (n)",
                "CPU share / (1/n)", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        chart.addSubtitle(new TextTitle("CPU seen from outside (cgroup or process); dashed: fair = 1.0",
                new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        CategoryPlot plot = chart.getCategoryPlot();
        Charts.style(plot);
        LineAndShapeRenderer renderer = (LineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        renderer.setDefaultStroke(new BasicStroke(2f));
        renderer.setAutoPopulateSeriesStroke(false);
        for (int i = 0; i < present.size(); i++) {
            renderer.setSeriesPaint(i, Charts.lineColor(backends.indexOf(present.get(i))));
        }
        plot.addRangeMarker(new ValueMarker(1.0, Color.GRAY, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)), Layer.FOREGROUND);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.2);
        return Charts.png(chart, Charts.WIDTH, Charts.HEIGHT);
    }

    /** A scale cell's host CPU over time, stacked, sample by sample. */
    static byte[] timeline(CellTelemetry t) {
        DefaultTableXYDataset data = new DefaultTableXYDataset();
        for (Part p : Part.values()) {
            if (p == Part.IDLE) {
                continue; // what is left to 100%
            }
            XYSeries series = new XYSeries(p.label, true, false);
            t.timeline().forEach(point -> series.addOrUpdate(point.seconds(), p.of(point.host()) * 100));
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createStackedXYAreaChart(t.backend() + ", n = " + t.guests() + ": host CPU",
                "seconds into the cell", "% of host CPU", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xd0d0d0));
        plot.setOutlineVisible(false);
        StackedXYAreaRenderer2 renderer = new StackedXYAreaRenderer2();
        int series = 0;
        for (Part p : Part.values()) {
            if (p != Part.IDLE) {
                renderer.setSeriesPaint(series++, p.color); // in the order the series were added
            }
        }
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 100);
        // the spans between measured windows (setup, teardown) faded: the measured ones stay in full colour
        List<CellTelemetry.TimelinePoint> points = t.timeline();
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).trial() == null) {
                plot.addDomainMarker(new IntervalMarker(points.get(i - 1).seconds(), points.get(i).seconds(),
                        new Color(255, 255, 255, 170)), Layer.FOREGROUND);
            }
        }
        chart.addSubtitle(new TextTitle("the whole host; faded: between measured windows",
                new Font(Font.SANS_SERIF, Font.PLAIN, 10)));
        return Charts.png(chart, SMALL_WIDTH, SMALL_HEIGHT);
    }
}
