package io.trainfree.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * XChart charts from table columns, {@value #WIDTH}x{@value #HEIGHT}, titled and labelled by the column names. The
 * kernel shows a chart as PNG ({@code %chart svg} or {@link Show#svg} for SVG); the returned chart can still be
 * styled with XChart's own API before it is shown.
 *
 * {@snippet :
 * Charts.scatter(proxies, "synflow", "test_accuracy", Charts.Scale.LOG, Charts.Scale.LINEAR)
 * }
 */
public final class Charts {
    public static final int WIDTH = 600;
    public static final int HEIGHT = 400;

    /** An axis scale. A log axis needs positive values; rows with other values are refused, never dropped. */
    public enum Scale { LINEAR, LOG }

    /** More series than this put the table's name in the title and the legend beside the plot. */
    static final int MANY_SERIES = 3;
    private static final int LEGEND_WIDTH = 200;

    /** Scatters with more points than this draw small translucent markers, so overlapping points read as density. */
    static final int DENSE = 2000;
    private static final int DENSE_ALPHA = 40;

    /** Widest log axis drawn as such: a scatter spanning more decades plots log10 of the values on a linear axis. */
    static final int MAX_DECADES = 12;

    private Charts() {
    }

    /** A scatter plot of {@code y} against {@code x}, linear axes. */
    public static XYChart scatter(Table table, String x, String y) {
        return scatter(table, x, y, Scale.LINEAR, Scale.LINEAR);
    }

    /**
     * A scatter plot of {@code y} against {@code x}. Rows with a NaN, infinite or missing value in either column are
     * left out and counted in the title.
     */
    public static XYChart scatter(Table table, String x, String y, Scale xScale, Scale yScale) {
        double[] xs = Columns.numbers(table, x);
        double[] ys = Columns.numbers(table, y);
        int n = 0;
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) { // XChart cannot place an infinity
                xs[n] = xs[i];
                ys[n++] = ys[i];
            }
        }
        int omitted = xs.length - n;
        xs = Arrays.copyOf(xs, n);
        ys = Arrays.copyOf(ys, n);
        String title = y + " vs " + x + String.format(" (n = %,d%s)", n,
                omitted == 0 ? "" : String.format("; %,d with NaN or infinity omitted", omitted));
        checkPositive(table, x, xs, xScale);
        checkPositive(table, y, ys, yScale);
        // XChart labels every decade of a log axis: past a dozen decades they overlap, so plot log10 linearly instead
        String xTitle = x;
        String yTitle = y;
        if (xScale == Scale.LOG && decades(xs) > MAX_DECADES) {
            xs = Arrays.stream(xs).map(Math::log10).toArray();
            xTitle = "log10 " + x;
            xScale = Scale.LINEAR;
        }
        if (yScale == Scale.LOG && decades(ys) > MAX_DECADES) {
            ys = Arrays.stream(ys).map(Math::log10).toArray();
            yTitle = "log10 " + y;
            yScale = Scale.LINEAR;
        }
        XYChart chart = xy(title, xTitle, yTitle, xScale, yScale);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(n > DENSE ? 3 : 5);
        chart.getStyler().setLegendVisible(false);
        XYSeries series = chart.addSeries(seriesName(table, y), xs, ys);
        if (n > DENSE) { // thousands of opaque points fill the corner where the good cells are: let density show
            Color c = chart.getStyler().getSeriesColors()[0];
            series.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), DENSE_ALPHA));
        }
        return chart;
    }

    /** One line per {@code y} column against {@code x}, in table order, linear axes. */
    public static XYChart line(Table table, String x, String... ys) {
        return line(table, x, Scale.LINEAR, ys);
    }

    /** One line per {@code y} column against {@code x}, in table order (sort the table first if need be). */
    public static XYChart line(Table table, String x, Scale yScale, String... ys) {
        Objects.requireNonNull(ys, "ys");
        if (ys.length == 0) {
            throw new IllegalArgumentException("line chart of table '" + table.name()
                    + "' needs at least one y column");
        }
        // past a few series the names no longer fit the title and the legend would hide the lines: move it aside
        boolean many = ys.length > MANY_SERIES;
        String title = (many ? table.name() : String.join(", ", ys)) + " vs " + x;
        XYChart chart = xy(title, x, ys.length == 1 ? ys[0] : "", Scale.LINEAR, yScale,
                many ? WIDTH + LEGEND_WIDTH : WIDTH);
        double[] xs = Columns.numbers(table, x);
        chart.getStyler().setLegendVisible(ys.length > 1);
        chart.getStyler().setLegendPosition(many ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.InsideSE);
        for (String y : ys) {
            double[] values = Columns.numbers(table, y);
            checkPositive(table, y, values, yScale);
            XYSeries s = chart.addSeries(y, xs, values);
            s.setMarker(xs.length > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * One line per group, {@code mean} against {@code x}, each inside a shaded band of {@code mean +- spread} in its
     * own colour: the anytime curves of several methods over seeds. The legend names the groups; the title says what
     * the band is. Rows of a group are taken in table order (sort by {@code x} first if need be).
     *
     * @param group  a column whose values (as text) name the series, e.g. the method
     * @param spread a column of half-widths, e.g. the standard deviation over seeds
     * @param yTitle the y axis' title, with its unit
     */
    public static XYChart bands(Table table, String x, String group, String mean, String spread, String yTitle) {
        return bands(table, x, group, mean, spread, x, yTitle);
    }

    /** As {@link #bands(Table, String, String, String, String, String)}, with the x axis' title (and unit). */
    public static XYChart bands(Table table, String x, String group, String mean, String spread, String xTitle,
            String yTitle) {
        return bands(table, x, group, mean, spread, xTitle, yTitle, Scale.LINEAR);
    }

    /**
     * As {@link #bands(Table, String, String, String, String, String, String)} on a y axis of the given scale. Each
     * series has its own marker as well as its own colour. On a log axis the means must be positive, and a band
     * reaching zero or below is cut at a tenth of its mean.
     */
    public static XYChart bands(Table table, String x, String group, String mean, String spread, String xTitle,
            String yTitle, Scale yScale) {
        double[] xs = Columns.numbers(table, x);
        double[] ms = Columns.numbers(table, mean);
        double[] ss = Columns.numbers(table, spread);
        checkPositive(table, mean, ms, yScale);
        Column<?> groups = table.column(group);
        var order = new LinkedHashMap<String, List<Integer>>();
        for (int i = 0; i < table.rowCount(); i++) {
            order.computeIfAbsent(groups.getString(i), k -> new ArrayList<>()).add(i);
        }
        XYChart chart = xy(table.name() + " (band: +- " + spread + ")", xTitle, yTitle, Scale.LINEAR, yScale,
                order.size() > MANY_SERIES ? WIDTH + LEGEND_WIDTH : WIDTH);
        chart.getStyler().setLegendPosition(order.size() > MANY_SERIES ? Styler.LegendPosition.OutsideE
                : Styler.LegendPosition.InsideSE);
        Color[] palette = chart.getStyler().getSeriesColors();
        int k = 0;
        for (var e : order.entrySet()) {
            List<Integer> rows = e.getValue();
            int n = rows.size();
            double[] px = new double[2 * n];
            double[] py = new double[2 * n];
            double[] lx = new double[n];
            double[] ly = new double[n];
            for (int j = 0; j < n; j++) {
                int r = rows.get(j);
                lx[j] = xs[r];
                ly[j] = ms[r];
                px[j] = xs[r];
                py[j] = ms[r] + (Double.isNaN(ss[r]) ? 0 : ss[r]);
                int back = rows.get(n - 1 - j);
                px[n + j] = xs[back];
                double low = ms[back] - (Double.isNaN(ss[back]) ? 0 : ss[back]);
                py[n + j] = yScale == Scale.LOG && low <= 0 ? ms[back] / 10 : low;
            }
            Color c = palette[k++ % palette.length];
            XYSeries band = chart.addSeries(e.getKey() + " band", px, py);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
            band.setLineColor(new Color(0, 0, 0, 0));
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
            XYSeries line = chart.addSeries(e.getKey(), lx, ly);
            line.setLineColor(c);
            line.setMarkerColor(c);
            line.setMarker(n > 50 ? SeriesMarkers.NONE : MARKERS[(k - 1) % MARKERS.length]);
        }
        return chart;
    }

    /** Markers that tell series apart where colours are hard to tell apart (print, colour blindness). */
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE,
        SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN,
        SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL, SeriesMarkers.RECTANGLE};

    /**
     * A dashed vertical line at {@code x} across the plotted range of {@code chart}'s series, named {@code label} in
     * the legend: a threshold or an event, e.g. RoBoT's mean T0 on its anytime curves.
     *
     * @throws IllegalArgumentException if the chart has no finite values to span
     */
    public static XYChart markX(XYChart chart, double x, String label) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double y : series.getYData()) {
                if (Double.isFinite(y) && (!chart.getStyler().isYAxisLogarithmic() || y > 0)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        if (lo > hi) {
            throw new IllegalArgumentException("the chart '" + chart.getTitle() + "' has no values to mark " + label
                    + " across");
        }
        XYSeries line = chart.addSeries(label, new double[] {x, x}, new double[] {lo, hi});
        line.setLineColor(Color.DARK_GRAY);
        line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        line.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /**
     * One series per group (the text of {@code group}), {@code y} against {@code x}, in table order: points joined by
     * lines when {@code joined}, else points alone (methods coloured by family, say). Rows with a NaN or infinite
     * value are left out and counted in the title.
     *
     * @param title  the chart's title (what is shown and, where it matters, the protocol)
     * @param xTitle the x axis' title, with its unit
     * @param yTitle the y axis' title, with its unit
     */
    public static XYChart byGroup(Table table, String x, String y, String group, boolean joined, Scale xScale,
            String title, String xTitle, String yTitle) {
        double[] xs = Columns.numbers(table, x);
        double[] ys = Columns.numbers(table, y);
        Column<?> groups = table.column(group);
        var order = new LinkedHashMap<String, List<Integer>>();
        int omitted = 0;
        for (int i = 0; i < table.rowCount(); i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i]) || (xScale == Scale.LOG && xs[i] <= 0)) {
                omitted++;
                continue;
            }
            order.computeIfAbsent(groups.getString(i), k -> new ArrayList<>()).add(i);
        }
        String fullTitle = title + (omitted == 0 ? "" : String.format(" (%,d rows without a value left out)",
                omitted));
        XYChart chart = xy(fullTitle, xTitle, yTitle, xScale, Scale.LINEAR,
                order.size() > MANY_SERIES ? WIDTH + LEGEND_WIDTH : WIDTH);
        chart.getStyler().setLegendPosition(order.size() > MANY_SERIES ? Styler.LegendPosition.OutsideE
                : Styler.LegendPosition.InsideSE);
        chart.getStyler().setDefaultSeriesRenderStyle(joined ? XYSeries.XYSeriesRenderStyle.Line
                : XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(7);
        for (var e : order.entrySet()) {
            double[] gx = e.getValue().stream().mapToDouble(i -> xs[i]).toArray();
            double[] gy = e.getValue().stream().mapToDouble(i -> ys[i]).toArray();
            chart.addSeries(e.getKey(), gx, gy);
        }
        return chart;
    }

    /** A bar per row: {@code category} (any column, as text) against the numeric {@code value}. */
    public static CategoryChart bar(Table table, String category, String value) {
        return bar(table, category, value, Scale.LINEAR);
    }

    /** A bar per row: {@code category} (any column, as text) against the numeric {@code value}. */
    public static CategoryChart bar(Table table, String category, String value, Scale yScale) {
        Column<?> c = Columns.column(table, category);
        double[] values = Columns.numbers(table, value);
        checkPositive(table, value, values, yScale);
        List<String> names = new ArrayList<>(c.size());
        List<Double> heights = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            names.add(c.getString(i));
            heights.add(values[i]);
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(value + " by " + category)
                .xAxisTitle(category).yAxisTitle(value).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisLogarithmic(yScale == Scale.LOG);
        chart.getStyler().setXAxisLabelRotation(crowded(names) ? 45 : 0);
        chart.addSeries(seriesName(table, value), names, heights);
        return chart;
    }

    /**
     * Grouped bars: a group per row, labelled by {@code category}, with a bar for each numeric column in
     * {@code values} (say ours beside the published value). NaN has no bar height: drop such rows first.
     *
     * @throws IllegalArgumentException naming the column and row of a NaN
     */
    public static CategoryChart bars(Table table, String category, String... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("bars: no value columns given");
        }
        Column<?> c = Columns.column(table, category);
        List<String> names = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            names.add(c.getString(i));
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.join(", ", values) + " by " + category).xAxisTitle(category).build();
        chart.getStyler().setXAxisLabelRotation(crowded(names) ? 45 : 0);
        for (String value : values) {
            double[] v = Columns.numbers(table, value);
            List<Double> heights = new ArrayList<>(v.length);
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) {
                    throw new IllegalArgumentException("bars: column " + value + " is NaN in row " + i + " ("
                            + names.get(i) + "); drop such rows first");
                }
                heights.add(v[i]);
            }
            chart.addSeries(value, names, heights);
        }
        return chart;
    }

    /**
     * A histogram of one or more numeric columns over {@code bins} equal-width bins spanning all their values (NaN
     * left out and counted in the title), one step-shaped series per column, so distributions can be compared on a
     * numeric axis. The series' points are the bins' left edges (and the last right edge) with their counts.
     */
    public static XYChart histogram(Table table, int bins, String... columns) {
        Objects.requireNonNull(columns, "columns");
        if (columns.length == 0 || bins < 1) {
            throw new IllegalArgumentException("histogram of table '" + table.name() + "' needs at least one column "
                    + "and one bin, got " + columns.length + " column(s), " + bins + " bin(s)");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int omitted = 0;
        List<double[]> data = new ArrayList<>();
        for (String column : columns) {
            double[] v = Columns.numbers(table, column);
            for (double x : v) {
                if (!Double.isFinite(x)) { // an infinity has no bin
                    omitted++;
                } else {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
            data.add(v);
        }
        if (lo > hi) {
            throw new IllegalArgumentException("histogram of table '" + table.name() + "': no values in "
                    + String.join(", ", columns));
        }
        double width = hi > lo ? (hi - lo) / bins : 1;
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            edges[b] = lo + b * width;
        }
        String title = "distribution of " + String.join(", ", columns)
                + (omitted == 0 ? "" : String.format(" (%,d NaN or infinite omitted)", omitted));
        XYChart chart = xy(title, columns.length == 1 ? columns[0] : "value", "count", Scale.LINEAR, Scale.LINEAR);
        chart.getStyler().setLegendVisible(columns.length > 1);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        // ticks fall on bin edges, which rarely are round numbers: show at most 3 decimals
        chart.getStyler().setXAxisDecimalPattern(hi - lo >= 10 ? "#,##0.#" : "#,##0.###");
        for (int k = 0; k < columns.length; k++) {
            double[] counts = new double[bins + 1]; // the last point closes the last step
            for (double x : data.get(k)) {
                if (Double.isFinite(x)) {
                    counts[Math.min(bins - 1, (int) ((x - lo) / width))]++; // the maximum falls in the last bin
                }
            }
            counts[bins] = counts[bins - 1];
            chart.addSeries(columns[k], edges, counts).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static XYChart xy(String title, String x, String y, Scale xScale, Scale yScale) {
        return xy(title, x, y, xScale, yScale, WIDTH);
    }

    private static XYChart xy(String title, String x, String y, Scale xScale, Scale yScale, int width) {
        Objects.requireNonNull(xScale, "xScale");
        Objects.requireNonNull(yScale, "yScale");
        XYChart chart = new XYChartBuilder().width(width).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        chart.getStyler().setXAxisLogarithmic(xScale == Scale.LOG);
        chart.getStyler().setYAxisLogarithmic(yScale == Scale.LOG);
        return chart;
    }

    /** Whether category labels written side by side would overlap (about 7 px a character in a 600 px chart). */
    private static boolean crowded(List<String> labels) {
        return labels.stream().mapToInt(l -> l.length() + 2).sum() * 7 > WIDTH - 100;
    }

    private static double decades(double[] positive) {
        return positive.length == 0 ? 0 : Math.log10(Arrays.stream(positive).max().orElseThrow()
                / Arrays.stream(positive).min().orElseThrow());
    }

    private static void checkPositive(Table table, String column, double[] values, Scale scale) {
        if (scale != Scale.LOG) {
            return;
        }
        long bad = Arrays.stream(values).filter(v -> !(v > 0) && !Double.isNaN(v)).count();
        if (bad > 0) {
            throw new IllegalArgumentException(String.format("column '%s' of table '%s' has %,d value(s) <= 0; a log "
                    + "axis needs positive values: filter those rows or use Scale.LINEAR", column, table.name(), bad));
        }
    }

    private static String seriesName(Table table, String y) {
        return table.name() == null || table.name().isBlank() ? y : table.name();
    }
}
