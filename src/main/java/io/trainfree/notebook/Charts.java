package io.trainfree.notebook;

import io.trainfree.eval.Correlation;
import io.trainfree.eval.ProxyRankings;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * XChart charts from table columns, {@value #WIDTH}x{@value #HEIGHT}, titled and labelled by the column names unless
 * given a title and axis titles. The kernel shows a chart as PNG ({@code %chart svg} or {@link Show#svg} for SVG); the
 * returned chart can still be styled with XChart's own API before it is shown.
 *
 * <p>Every chart gets one look, set in one place ({@link #style}): white background, light grid, no plot border,
 * the Okabe-Ito colour-blind-safe palette ({@link #PALETTE}) and a marker per series ({@link #MARKERS}), so that
 * series differ in colour and in marker (8 colours and 7 markers give 56 distinct pairs).
 *
 * <p>NaN and infinite values follow {@link Correlation}'s policy where a chart shows ranks (they are ranked: NaN left
 * out, infinities at the ends); a chart of values cannot place an infinity, so it leaves such points out and says in
 * its title how many, apart from the NaN.
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

    /** The Okabe-Ito palette (Okabe and Ito 2008), the yellow last since it reads poorly on white. */
    public static final List<Color> PALETTE = List.of(new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442));

    /** Series markers in order: 7 of them, so that with the 8 colours no pair repeats before 56 series. */
    public static final List<Marker> MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND,
            SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS,
            SeriesMarkers.PLUS);

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color GRID = new Color(0xDDDDDD);

    private Charts() {
    }

    /** The one look of every chart here: applied by every factory before any series is added. */
    private static <S extends Styler> S style(S s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setChartFontColor(Color.BLACK);
        s.setChartTitleFont(TITLE_FONT);
        s.setChartTitleBoxVisible(false);
        s.setLegendFont(AXIS_FONT);
        s.setLegendBorderColor(GRID);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setSeriesColors(PALETTE.toArray(Color[]::new));
        s.setSeriesMarkers(MARKERS.toArray(Marker[]::new));
        s.setAntiAlias(true);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(AXIS_FONT);
            a.setAxisTickLabelsFont(TICK_FONT);
            a.setPlotGridLinesColor(GRID);
            a.setPlotGridLinesStroke(new BasicStroke(1f));
            a.setAxisTickMarksColor(Color.GRAY);
            a.setAxisTickLabelsColor(Color.DARK_GRAY);
        }
        return s;
    }

    /**
     * A scatter plot of {@code y} against {@code x} with a title (the point count is added to it) and axis titles
     * (with units); as {@link #scatter(Table, String, String, Scale, Scale)} otherwise.
     */
    public static XYChart scatter(Table table, String x, String y, Scale xScale, Scale yScale, String title,
            String xTitle, String yTitle) {
        Objects.requireNonNull(title, "title");
        XYChart chart = scatter(table, x, y, xScale, yScale, title);
        chart.setXAxisTitle(chart.getXAxisTitle().startsWith("log10 ") ? "log10 " + xTitle : xTitle);
        chart.setYAxisTitle(chart.getYAxisTitle().startsWith("log10 ") ? "log10 " + yTitle : yTitle);
        return chart;
    }

    /** A chart's width for its title: wider than {@value #WIDTH} px when a title would not fit (at most 1,000). */
    static int widthFor(String title) {
        return Math.max(WIDTH, Math.min(1000, (int) (title.length() * 8.5) + 40));
    }

    /** A scatter plot of {@code y} against {@code x}, linear axes. */
    public static XYChart scatter(Table table, String x, String y) {
        return scatter(table, x, y, Scale.LINEAR, Scale.LINEAR);
    }

    /**
     * A scatter plot of {@code y} against {@code x}. Rows with a NaN or missing value in either column are left out,
     * rows with an infinity cannot be placed (a rank statistic ranks them at an end): both are counted apart in the
     * title ("n = 15,465 drawn; 160 infinite not drawn; 2 NaN left out").
     */
    public static XYChart scatter(Table table, String x, String y, Scale xScale, Scale yScale) {
        return scatter(table, x, y, xScale, yScale, null);
    }

    private static XYChart scatter(Table table, String x, String y, Scale xScale, Scale yScale, String name) {
        double[] xs = Columns.numbers(table, x);
        double[] ys = Columns.numbers(table, y);
        int n = 0;
        int nan = 0;
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) { // XChart cannot place an infinity
                xs[n] = xs[i];
                ys[n++] = ys[i];
            } else if (Double.isNaN(xs[i]) || Double.isNaN(ys[i])) {
                nan++;
            }
        }
        int infinite = xs.length - n - nan;
        xs = Arrays.copyOf(xs, n);
        ys = Arrays.copyOf(ys, n);
        String title = (name != null ? name : y + " vs " + x) + String.format(" (n = %,d%s%s%s)", n,
                infinite + nan == 0 ? "" : " drawn",
                infinite == 0 ? "" : String.format("; %,d infinite not drawn", infinite),
                nan == 0 ? "" : String.format("; %,d NaN left out", nan));
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
        XYChart chart = xy(title, xTitle, yTitle, xScale, yScale, widthFor(title));
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

    /**
     * One line per {@code y} column against {@code x}, in table order, with a title, axis titles (with units) and an
     * x scale (a log x needs positive x).
     */
    public static XYChart line(Table table, String x, Scale xScale, Scale yScale, String title, String xTitle,
            String yTitle, String... ys) {
        XYChart chart = line(table, x, yScale, ys);
        checkPositive(table, x, Columns.numbers(table, x), xScale);
        chart.getStyler().setXAxisLogarithmic(xScale == Scale.LOG);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        return chart;
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
            if (xs.length > 50) {
                s.setMarker(SeriesMarkers.NONE);
            }
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
        // a log axis spanning less than a decade or two would otherwise carry one or two labels
        chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
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
            line.setMarker(n > 50 ? SeriesMarkers.NONE : MARKERS.get((k - 1) % MARKERS.size()));
        }
        return chart;
    }

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

    /** As {@link #bar(Table, String, String, Scale)}, with a title and axis titles (with units). */
    public static CategoryChart bar(Table table, String category, String value, Scale yScale, String title,
            String xTitle, String yTitle) {
        CategoryChart chart = bar(table, category, value, yScale);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        return chart;
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
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisLogarithmic(yScale == Scale.LOG);
        chart.getStyler().setXAxisLabelRotation(crowded(names, 1, false) ? 45 : 0);
        chart.addSeries(seriesName(table, value), names, heights);
        return chart;
    }

    /** As {@link #bars(Table, String, String...)}, with a title and the y axis' title (with its unit). */
    public static CategoryChart bars(Table table, String category, List<String> values, String title, String yTitle) {
        CategoryChart chart = bars(table, category, values.toArray(String[]::new));
        chart.setTitle(title);
        chart.setYAxisTitle(yTitle);
        return chart;
    }

    /**
     * Ours beside a reference, a group per row labelled by {@code category}: a bar of {@code value} with an error bar
     * from {@code low} to {@code high} (say a 95 % interval), and a bar of {@code reference} (say the paper's value).
     * The bars are named by their columns in the legend. NaN has no bar: drop such rows first.
     *
     * @throws IllegalArgumentException naming the column and row of a NaN
     */
    public static CategoryChart intervalBars(Table table, String category, String value, String low, String high,
            String reference, String title, String yTitle) {
        Column<?> c = Columns.column(table, category);
        List<String> names = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            names.add(c.getString(i));
        }
        double[] v = Columns.numbers(table, value);
        double[] lo = Columns.numbers(table, low);
        double[] hi = Columns.numbers(table, high);
        double[] ref = Columns.numbers(table, reference);
        double[] err = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (var col : List.of(v, lo, hi, ref)) {
                if (Double.isNaN(col[i])) {
                    throw new IllegalArgumentException("intervalBars: a NaN in row " + i + " (" + names.get(i)
                            + "); drop such rows first");
                }
            }
            // XChart draws symmetric error bars: the larger half, so the bar covers the interval
            err[i] = Math.max(v[i] - lo[i], hi[i] - v[i]);
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(category).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(crowded(names, 2, false) ? 45 : 0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries(value + " (+- 95% CI)", names, box(v), box(err));
        chart.addSeries(reference, names, box(ref));
        return chart;
    }

    private static List<Double> box(double[] v) {
        return Arrays.stream(v).boxed().toList();
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
        style(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(crowded(names, values.length, true) ? 45 : 0);
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

    /** As {@link #histogram(Table, int, String...)}, with a title and the x axis' title (with its unit). */
    public static XYChart histogram(Table table, int bins, List<String> columns, String title, String xTitle) {
        XYChart chart = histogram(table, bins, columns.toArray(String[]::new));
        chart.setTitle(title + chart.getTitle().substring(chart.getTitle().indexOf(" (") < 0 ? chart.getTitle().length()
                : chart.getTitle().indexOf(" (")));
        chart.setXAxisTitle(xTitle);
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

    /**
     * A square matrix as a heat map: {@code matrix}'s first column names the rows (as text), every numeric column is
     * a column of the map, in table order, the first row at the top. Cells show their value with two decimals; the
     * colours run from blue (-1) through white (0) to vermillion (+1), for correlations (values outside are clipped
     * to the ends). A NaN cell is left blank.
     *
     * @param title the chart's title: what the values are and over which cells
     */
    public static HeatMapChart heatmap(Table matrix, String title) {
        Column<?> rows = matrix.column(0);
        List<String> columns = new ArrayList<>();
        for (var c : matrix.columns()) {
            if (c instanceof NumericColumn<?>) {
                columns.add(c.name());
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("heatmap of table '" + matrix.name() + "': no numeric columns");
        }
        List<String> ys = new ArrayList<>();
        for (int r = matrix.rowCount() - 1; r >= 0; r--) { // XChart draws the first category at the bottom
            ys.add(rows.getString(r));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int j = 0; j < columns.size(); j++) {
            double[] v = Columns.numbers(matrix, columns.get(j));
            for (int r = 0; r < v.length; r++) {
                if (!Double.isNaN(v[r])) {
                    cells.add(new Number[] {j, matrix.rowCount() - 1 - r, Math.max(-1, Math.min(1, v[r]))});
                }
            }
        }
        int side = 60 + 48 * Math.max(columns.size(), ys.size());
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 220).height(side + 80).title(title).build();
        var st = style(chart.getStyler());
        st.setShowValue(true);
        st.setHeatMapValueDecimalPattern("0.00");
        st.setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        st.setMin(-1);
        st.setMax(1);
        st.setRangeColors(new Color[] {PALETTE.get(0), Color.WHITE, PALETTE.get(1)});
        st.setDrawBorder(true);
        st.setPlotContentSize(1.0);
        st.setXAxisLabelRotation(45);
        st.setPlotGridLinesVisible(false);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.addSeries("rho", columns, ys, cells);
        return chart;
    }

    /**
     * One panel per proxy: the density of the proxy's rank (x) against {@code accuracy}'s rank (y), over the rows
     * where neither is NaN (infinities ranked at the ends, {@link Correlation}'s policy), binned {@code bins} x
     * {@code bins} ({@link ProxyRankings#rankDensity}); each panel titled with the proxy and its Kendall tau. A
     * perfect proxy puts every cell on the diagonal. The panels share one colour scale (white = no cell, darkest = 4
     * times the uniform density or more, or the fullest bin if less) and are drawn {@value #GRID_COLUMNS} to a row
     * into one PNG, which the kernel shows as an image.
     *
     * @param title the picture's title: the accuracy, the dataset, the cells
     */
    public static MimeBundle rankGrid(Table table, String accuracy, int bins, String title, String... proxies) {
        Objects.requireNonNull(proxies, "proxies");
        if (proxies.length == 0) {
            throw new IllegalArgumentException("rankGrid needs at least one proxy");
        }
        double[] acc = Columns.numbers(table, accuracy);
        List<Table> densities = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        int max = 1;
        int cap = 1;
        for (String p : proxies) {
            double[] x = Columns.numbers(table, p);
            Table d = ProxyRankings.rankDensity(x, acc, bins);
            densities.add(d);
            max = Math.max(max, (int) d.intColumn("count").max());
            cap = Math.max(cap, 4 * (int) Math.ceil(d.intColumn("count").sum() / (double) (bins * bins)));
            Correlation c = Correlation.of(x, acc);
            titles.add(String.format(Locale.ROOT, "%s: tau = %.2f (n = %,d)", p, c.kendall(), c.n()));
        }
        // one full bin would leave every other bin pale: the darkest colour is 4 times the uniform density
        max = Math.min(max, cap);
        int cols = Math.min(GRID_COLUMNS, proxies.length);
        int gridRows = (proxies.length + cols - 1) / cols;
        int head = 40;
        var image = new BufferedImage(cols * PANEL, head + gridRows * PANEL, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.drawString(title, 10, 18);
            g.setFont(AXIS_FONT);
            g.drawString(String.format(Locale.ROOT, "x: rank of the proxy, y: rank of %s (low to high, %d x %d bins); "
                    + "white = no cell, darkest = %,d cells or more (4x uniform)", accuracy, bins, bins, max), 10, 34);
            for (int k = 0; k < proxies.length; k++) {
                HeatMapChart panel = densityPanel(densities.get(k), bins, max, titles.get(k), proxies[k], accuracy);
                Graphics2D pg = (Graphics2D) g.create((k % cols) * PANEL, head + (k / cols) * PANEL, PANEL, PANEL);
                try {
                    panel.paint(pg, PANEL, PANEL);
                } finally {
                    pg.dispose();
                }
            }
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the rank grid as PNG", e);
        }
        return MimeBundle.of(String.format(Locale.ROOT, "rank grid '%s' (%d panels, %dx%d)", title, proxies.length,
                image.getWidth(), image.getHeight()), MimeBundle.PNG,
                Base64.getEncoder().encodeToString(out.toByteArray()));
    }

    /** Panels a row in {@link #rankGrid}. */
    static final int GRID_COLUMNS = 4;
    private static final int PANEL = 280;

    private static HeatMapChart densityPanel(Table density, int bins, int max, String title, String x, String y) {
        List<Integer> axis = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            axis.add(b);
        }
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < density.rowCount(); r++) {
            int count = density.intColumn("count").get(r);
            if (count > 0) {
                cells.add(new Number[] {density.intColumn("x_bin").get(r), density.intColumn("y_bin").get(r),
                    Math.min(count, max)});
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(PANEL).height(PANEL).title(title)
                .xAxisTitle("rank of " + x).yAxisTitle("rank of " + y).build();
        var st = style(chart.getStyler());
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        st.setLegendVisible(false);
        st.setAxisTicksVisible(false);
        st.setDrawBorder(false);
        st.setShowValue(false);
        st.setMin(0);
        st.setMax(max);
        st.setPlotContentSize(1.0);
        st.setPlotGridLinesVisible(false);
        st.setRangeColors(new Color[] {Color.WHITE, new Color(0x56B4E9), new Color(0x0072B2), new Color(0x08306B)});
        chart.addSeries("density", axis, axis, cells);
        return chart;
    }

    /**
     * A scatter with each point written beside its label (the text of {@code label}), one series per label so each
     * has its own colour and marker: say each proxy's |rho| against its cost. Rows with a NaN or infinite value (or
     * a non-positive x on a log axis) are left out and counted in the title.
     *
     * @param xTitle the x axis' title, with its unit
     * @param yTitle the y axis' title, with its unit
     */
    public static XYChart labelled(Table table, String x, String y, String label, Scale xScale, String title,
            String xTitle, String yTitle) {
        XYChart chart = byGroup(table, x, y, label, false, xScale, title, xTitle, yTitle);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setAnnotationTextFont(TICK_FONT);
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int longest = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double v : series.getXData()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            longest = Math.max(longest, series.getName().length());
        }
        if (lo > hi) {
            return chart;
        }
        // a label is drawn centred on its position: put it right of the point, and widen the axis so it fits
        double span = xScale == Scale.LOG ? Math.log10(hi / lo) : hi - lo;
        double perChar = (span == 0 ? 1 : span) * 0.018;
        for (XYSeries series : chart.getSeriesMap().values()) {
            double[] xs = series.getXData();
            double[] ys = series.getYData();
            double shift = perChar * (1.5 + series.getName().length() / 2.0);
            for (int i = 0; i < xs.length; i++) {
                double at = xScale == Scale.LOG ? xs[i] * Math.pow(10, shift) : xs[i] + shift;
                chart.addAnnotation(new AnnotationText(series.getName(), at, ys[i], false));
            }
        }
        double room = perChar * (2 + longest);
        chart.getStyler().setXAxisMax(xScale == Scale.LOG ? hi * Math.pow(10, room) : hi + room);
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
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(xScale == Scale.LOG);
        chart.getStyler().setYAxisLogarithmic(yScale == Scale.LOG);
        return chart;
    }

    /**
     * Whether category labels written side by side would overlap: the widest label (about 7.5 px a character of the
     * 11 pt tick font, plus a gap) against each category's share of the plot's width (the chart less the y axis and,
     * with several series, the legend beside it).
     */
    static boolean crowded(List<String> labels, int series, boolean legend) {
        if (labels.isEmpty()) {
            return false;
        }
        int plot = WIDTH - 80 - (legend && series > 1 ? 150 : 0);
        int widest = labels.stream().mapToInt(String::length).max().orElse(0);
        return widest * 7.5 + 12 > (double) plot / labels.size();
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
