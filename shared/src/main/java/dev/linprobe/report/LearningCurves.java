package dev.linprobe.report;

import dev.linprobe.train.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws learning curves: accuracy against epoch above loss against epoch, with training and
 * validation series and a vertical marker at the best epoch.
 *
 * <p>Rendering needs no display: loading this class sets {@code java.awt.headless=true} unless the
 * property is already set. Non-finite values are left out of their series, and a series with no
 * finite value is not drawn, so a run without a validation split shows only training curves.
 */
public final class LearningCurves {

    // Runs before the AWT colors below are created, because AWT reads the property once.
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Width of the PNG and SVG figures in pixels. */
    public static final int WIDTH = 900;

    /** Height of the PNG and SVG figures in pixels. */
    public static final int HEIGHT = 700;

    /** Series name of the training accuracy, as the legend shows it. */
    public static final String TRAINING_ACCURACY = "training accuracy";

    /** Series name of the validation accuracy. */
    public static final String VALIDATION_ACCURACY = "validation accuracy";

    /** Series name of the training loss. */
    public static final String TRAINING_LOSS = "training loss";

    /** Series name of the validation loss. */
    public static final String VALIDATION_LOSS = "validation loss";

    // Above this many epochs the point shapes would overlap into a thick line, so only lines are drawn.
    private static final int MAX_EPOCHS_WITH_SHAPES = 50;

    private static final Color TRAINING_COLOR = new Color(0x1F, 0x77, 0xB4);
    private static final Color VALIDATION_COLOR = new Color(0xFF, 0x7F, 0x0E);
    private static final Color MARKER_COLOR = new Color(0x55, 0x55, 0x55);
    private static final Shape TRAINING_SHAPE = new Ellipse2D.Double(-3.0, -3.0, 6.0, 6.0);
    private static final Shape VALIDATION_SHAPE = new Rectangle2D.Double(-3.0, -3.0, 6.0, 6.0);

    // Smallest span of a value axis. Without it a single epoch gives a zero-width range, which
    // JFreeChart labels with scientific notation ticks that all read the same.
    private static final double MIN_VALUE_AXIS_SPAN = 0.02;

    private LearningCurves() {}

    /**
     * Renders the curves as a {@value #WIDTH} x {@value #HEIGHT} PNG.
     *
     * @param epochs the metrics of every epoch, in training order
     * @param bestEpoch the epoch number to mark, or empty for no marker
     * @throws IllegalArgumentException if {@code epochs} is empty
     */
    public static byte[] png(List<EpochMetrics> epochs, OptionalInt bestEpoch) {
        JFreeChart chart = chart(epochs, bestEpoch);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to encode the learning curves as PNG", e);
        }
        return out.toByteArray();
    }

    /**
     * Renders the curves as a {@value #WIDTH} x {@value #HEIGHT} SVG document in UTF-8.
     *
     * @param epochs the metrics of every epoch, in training order
     * @param bestEpoch the epoch number to mark, or empty for no marker
     * @throws IllegalArgumentException if {@code epochs} is empty
     */
    public static byte[] svg(List<EpochMetrics> epochs, OptionalInt bestEpoch) {
        JFreeChart chart = chart(epochs, bestEpoch);
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
        return graphics.getSVGDocument().getBytes(StandardCharsets.UTF_8);
    }

    /** Renders the curves of a report as PNG, marking its best epoch when it has one. */
    public static byte[] png(MetricsReport report) {
        return png(report.epochs(), bestEpochOf(report));
    }

    /** Renders the curves of a report as SVG, marking its best epoch when it has one. */
    public static byte[] svg(MetricsReport report) {
        return svg(report.epochs(), bestEpochOf(report));
    }

    private static OptionalInt bestEpochOf(MetricsReport report) {
        return report.bestEpoch() == null ? OptionalInt.empty() : OptionalInt.of(report.bestEpoch());
    }

    /**
     * Builds the two stacked plots that share the epoch axis.
     *
     * @throws IllegalArgumentException if {@code epochs} is empty
     */
    public static JFreeChart chart(List<EpochMetrics> epochs, OptionalInt bestEpoch) {
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("epochs is empty; learning curves need at least one epoch");
        }
        boolean shapes = epochs.size() <= MAX_EPOCHS_WITH_SHAPES;

        NumberAxis epochAxis = new NumberAxis("Epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epochAxis.setAutoRangeIncludesZero(false);

        XYPlot accuracy = subplot("Accuracy", shapes,
                series(TRAINING_ACCURACY, epochs, EpochMetrics::trainAccuracy),
                series(VALIDATION_ACCURACY, epochs, EpochMetrics::validationAccuracy));
        XYPlot loss = subplot("Loss (nats)", shapes,
                series(TRAINING_LOSS, epochs, EpochMetrics::trainLoss),
                series(VALIDATION_LOSS, epochs, EpochMetrics::validationLoss));

        if (bestEpoch.isPresent()) {
            int best = bestEpoch.getAsInt();
            int first = epochs.getFirst().epoch();
            int last = epochs.getLast().epoch();
            // A label right of a marker near the right edge would be cut off, so it goes left there.
            boolean labelOnLeft = last > first && best - first > (last - first) / 2;
            accuracy.addDomainMarker(bestEpochMarker(best, true, labelOnLeft));
            loss.addDomainMarker(bestEpochMarker(best, false, labelOnLeft));
        }

        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochAxis);
        combined.setGap(12.0);
        combined.add(accuracy, 1);
        combined.add(loss, 1);

        JFreeChart chart = new JFreeChart("Learning curves", JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYSeries series(String name, List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> value) {
        XYSeries series = new XYSeries(name, true, true);
        for (EpochMetrics metrics : epochs) {
            double y = value.applyAsDouble(metrics);
            if (Double.isFinite(y)) {
                series.add(metrics.epoch(), y);
            }
        }
        return series;
    }

    private static XYPlot subplot(String rangeLabel, boolean shapes, XYSeries training, XYSeries validation) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, shapes);
        int index = 0;
        for (XYSeries series : List.of(training, validation)) {
            if (series.isEmpty()) {
                continue;
            }
            dataset.addSeries(series);
            renderer.setSeriesPaint(index, series == training ? TRAINING_COLOR : VALIDATION_COLOR);
            renderer.setSeriesStroke(index, new BasicStroke(2.0f));
            renderer.setSeriesShape(index, series == training ? TRAINING_SHAPE : VALIDATION_SHAPE);
            index++;
        }

        NumberAxis rangeAxis = new NumberAxis(rangeLabel);
        rangeAxis.setAutoRangeIncludesZero(false);
        rangeAxis.setAutoRangeMinimumSize(MIN_VALUE_AXIS_SPAN);
        XYPlot plot = new XYPlot(dataset, null, rangeAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    private static ValueMarker bestEpochMarker(int epoch, boolean labelled, boolean labelOnLeft) {
        ValueMarker marker = new ValueMarker(epoch, MARKER_COLOR,
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10.0f, new float[] {6.0f, 4.0f}, 0.0f));
        if (labelled) {
            marker.setLabel("best epoch " + epoch);
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            marker.setLabelPaint(MARKER_COLOR);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 180));
            // Accuracy curves rise to the top of their panel, so the label sits at the bottom, clear of them.
            marker.setLabelAnchor(labelOnLeft ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT);
            marker.setLabelTextAnchor(labelOnLeft ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
        }
        return marker;
    }
}
