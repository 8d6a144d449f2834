package io.trainfree.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ChartsTest {
    static Table proxies() {
        return Table.create("nb201",
                StringColumn.create("arch", "a", "b", "c", "d"),
                DoubleColumn.create("synflow", 10, Double.NaN, 1000, 0),
                DoubleColumn.create("test_accuracy", 80.5, 70, 93.2, 10),
                IntColumn.create("params", 100, 200, 300, 400));
    }

    @Test
    void scatterLeavesOutNaNRowsAndSaysSo() {
        XYChart chart = Charts.scatter(proxies(), "synflow", "test_accuracy");
        assertEquals("test_accuracy vs synflow (n = 3 drawn; 1 NaN left out)", chart.getTitle());
        Table inf = Table.create("t", DoubleColumn.create("naswot", Double.NEGATIVE_INFINITY, 1, 2, Double.NaN),
                DoubleColumn.create("acc", 1, 2, 3, 4));
        assertEquals("acc vs naswot (n = 2 drawn; 1 infinite not drawn; 1 NaN left out)",
                Charts.scatter(inf, "naswot", "acc").getTitle());
        XYChart titled = Charts.scatter(inf, "naswot", "acc", Charts.Scale.LINEAR, Charts.Scale.LINEAR,
                "NASWOT against accuracy", "naswot (log det)", "accuracy (%)");
        assertEquals("NASWOT against accuracy (n = 2 drawn; 1 infinite not drawn; 1 NaN left out)", titled.getTitle());
        assertEquals("naswot (log det)", titled.getXAxisTitle());
        assertTrue(titled.getWidth() > Charts.WIDTH, "a long title widens the chart: " + titled.getWidth());
        assertEquals("accuracy (%)", titled.getYAxisTitle());
        assertEquals("synflow", chart.getXAxisTitle());
        assertEquals("test_accuracy", chart.getYAxisTitle());
        var series = chart.getSeriesMap().get("nb201");
        assertArrayEquals(new double[] {10, 1000, 0}, series.getXData());
        assertArrayEquals(new double[] {80.5, 93.2, 10}, series.getYData());
        assertEquals(Charts.WIDTH, chart.getWidth());
        assertFalse(chart.getStyler().isXAxisLogarithmic());
    }

    @Test
    void logAxisNeedsPositiveValues() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Charts.scatter(proxies(), "synflow", "test_accuracy", Charts.Scale.LOG, Charts.Scale.LINEAR));
        assertEquals("column 'synflow' of table 'nb201' has 1 value(s) <= 0; a log axis needs positive values: "
                + "filter those rows or use Scale.LINEAR", e.getMessage());
        XYChart ok = Charts.scatter(proxies(), "params", "test_accuracy", Charts.Scale.LOG, Charts.Scale.LINEAR);
        assertTrue(ok.getStyler().isXAxisLogarithmic());
        Show.png(ok); // renders
    }

    /** Past a dozen decades a log axis's labels overlap: the values are plotted as log10 on a linear axis. */
    @Test
    void veryWideLogAxisPlotsLog10() {
        Table wide = Table.create("w", DoubleColumn.create("synflow", 1e3, 1e30, 1e17),
                DoubleColumn.create("acc", 1, 2, 3));
        XYChart chart = Charts.scatter(wide, "synflow", "acc", Charts.Scale.LOG, Charts.Scale.LINEAR);
        assertFalse(chart.getStyler().isXAxisLogarithmic());
        assertEquals("log10 synflow", chart.getXAxisTitle());
        assertArrayEquals(new double[] {3, 30, 17}, chart.getSeriesMap().get("w").getXData(), 1e-12);
        Table narrow = Table.create("n", DoubleColumn.create("synflow", 1e3, 1e15), DoubleColumn.create("acc", 1, 2));
        assertTrue(Charts.scatter(narrow, "synflow", "acc", Charts.Scale.LOG, Charts.Scale.LINEAR).getStyler()
                .isXAxisLogarithmic());
    }

    @Test
    void unknownColumnsListTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.scatter(proxies(), "synflw", "params"));
        assertEquals("column 'synflw' is not in table 'nb201'; its columns: arch, synflow, test_accuracy, params",
                e.getMessage());
        var text = assertThrows(IllegalArgumentException.class, () -> Charts.scatter(proxies(), "arch", "params"));
        assertEquals("column 'arch' of table 'nb201' is STRING, not numeric", text.getMessage());
    }

    @Test
    void lineHasASeriesPerColumn() {
        XYChart chart = Charts.line(proxies(), "params", "test_accuracy", "synflow");
        assertEquals(2, chart.getSeriesMap().size());
        assertTrue(chart.getStyler().isLegendVisible());
        assertThrows(IllegalArgumentException.class, () -> Charts.line(proxies(), "params"));
        Show.png(chart);
        assertEquals("test_accuracy, synflow vs params", chart.getTitle());
        Table wide = proxies().addColumns(DoubleColumn.create("x1", 1, 2, 3, 4), DoubleColumn.create("x2", 1, 2, 3, 4));
        XYChart many = Charts.line(wide, "params", "test_accuracy", "synflow", "x1", "x2");
        assertEquals("nb201 vs params", many.getTitle());
        assertEquals(Styler.LegendPosition.OutsideE, many.getStyler().getLegendPosition());
    }

    @Test
    void byGroupHasASeriesPerGroupAndCountsRowsLeftOut() {
        Table t = Table.create("m").addColumns(
                StringColumn.create("family", "FEAR", "shortreg", "shortreg", "zero-cost"),
                DoubleColumn.create("seconds", 90, 10, 20, 0),
                DoubleColumn.create("rho", 0.5, 0.4, Double.NaN, 0.3));
        var chart = Charts.byGroup(t, "seconds", "rho", "family", false, Charts.Scale.LOG, "Figure 3",
                "seconds per cell (s)", "Spearman");
        assertEquals(List.of("FEAR", "shortreg"), List.copyOf(chart.getSeriesMap().keySet()),
                "the NaN row and the zero on a log axis are left out");
        assertTrue(chart.getTitle().contains("2 rows without a value"), chart.getTitle());
        assertEquals(1, chart.getSeriesMap().get("shortreg").getXData().length);
    }

    @Test
    void barHasACategoryPerRow() {
        CategoryChart chart = Charts.bar(proxies(), "arch", "params");
        assertEquals("params by arch", chart.getTitle());
        assertEquals(4, chart.getSeriesMap().get("nb201").getXData().size());
        Show.png(chart);
    }

    @Test
    void barsGroupOneBarPerValueColumnAndRefuseNaN() {
        CategoryChart chart = Charts.bars(proxies(), "arch", "test_accuracy", "params");
        assertEquals(List.of("test_accuracy", "params"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(List.of(100.0, 200.0, 300.0, 400.0),
                List.copyOf((java.util.Collection<?>) chart.getSeriesMap().get("params").getYData()));
        Show.png(chart);
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.bars(proxies(), "arch", "synflow"));
        assertTrue(e.getMessage().contains("synflow is NaN in row 1 (b)"), e.getMessage());
    }

    @Test
    void histogramCountsEveryValueOnceInEqualBins() {
        // test_accuracy 80.5, 70, 93.2, 10 over 4 bins of width (93.2 - 10) / 4 = 20.8 from 10:
        // [10, 30.8) holds 10; [51.6, 72.4) holds 70; [72.4, 93.2] holds 80.5 and the maximum 93.2
        XYChart chart = Charts.histogram(proxies(), 4, "test_accuracy");
        var series = chart.getSeriesMap().get("test_accuracy");
        assertArrayEquals(new double[] {1, 0, 1, 2, 2}, series.getYData());
        assertArrayEquals(new double[] {10, 30.8, 51.6, 72.4, 93.2}, series.getXData(), 1e-9);
        assertEquals("distribution of test_accuracy", chart.getTitle());
        XYChart two = Charts.histogram(proxies(), 2, "test_accuracy", "synflow");
        assertEquals(2, two.getSeriesMap().size());
        assertEquals("distribution of test_accuracy, synflow (1 NaN or infinite omitted)", two.getTitle());
        assertThrows(IllegalArgumentException.class, () -> Charts.histogram(proxies(), 0, "synflow"));
        Show.png(two);
    }

    @Test
    void bandsDrawALinePerGroupInsideAClosedBandOfItsColour() {
        Table t = Table.create("anytime", StringColumn.create("method", "A", "A", "A", "B", "B", "B"),
                IntColumn.create("queries", 1, 2, 3, 1, 2, 3),
                DoubleColumn.create("mean", 1.0, 2.0, 3.0, 5.0, 5.0, 6.0),
                DoubleColumn.create("std", 0.5, 0.5, Double.NaN, 1.0, 1.0, 1.0));
        XYChart c = Charts.bands(t, "queries", "method", "mean", "std", "accuracy (%)");
        assertEquals("anytime (band: +- std)", c.getTitle());
        assertEquals("accuracy (%)", c.getYAxisTitle());
        var a = c.getSeriesMap().get("A");
        assertArrayEquals(new double[] {1, 2, 3}, a.getYData());
        var band = c.getSeriesMap().get("A band");
        assertFalse(band.isShowInLegend());
        // up along the upper edge, back along the lower one; a missing spread is no band
        assertArrayEquals(new double[] {1, 2, 3, 3, 2, 1}, band.getXData());
        assertArrayEquals(new double[] {1.5, 2.5, 3, 3, 1.5, 0.5}, band.getYData());
        assertEquals(a.getLineColor().getRGB() & 0xFFFFFF, band.getFillColor().getRGB() & 0xFFFFFF);
        assertTrue(c.getSeriesMap().get("B").getLineColor() != a.getLineColor(), "each group its own colour");
    }
    @Test
    void denseScattersDrawTranslucentMarkers() {
        int n = Charts.DENSE + 1;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        Table dense = Table.create("dense", DoubleColumn.create("a", x), DoubleColumn.create("b", x));
        var series = Charts.scatter(dense, "a", "b").getSeriesMap().values().iterator().next();
        assertTrue(series.getMarkerColor().getAlpha() < 255, "translucent: " + series.getMarkerColor());
        Table sparse = Table.create("sparse", DoubleColumn.create("a", 1, 2), DoubleColumn.create("b", 3, 4));
        var few = Charts.scatter(sparse, "a", "b").getSeriesMap().values().iterator().next();
        assertTrue(few.getMarkerColor() == null || few.getMarkerColor().getAlpha() == 255);
    }

    /** One look everywhere: Okabe-Ito colours and a marker per series, on white, without a plot border. */
    @Test
    void everyChartHasTheOneStyle() {
        XYChart line = Charts.line(proxies(), "params", "test_accuracy", "synflow");
        CategoryChart bar = Charts.bar(proxies(), "arch", "params");
        for (var st : List.<Styler>of(line.getStyler(), bar.getStyler())) {
            assertEquals(Charts.PALETTE.get(0), st.getSeriesColors()[0]);
            assertEquals(Charts.PALETTE.size(), st.getSeriesColors().length);
            assertEquals(Charts.MARKERS.size(), st.getSeriesMarkers().length);
            assertEquals(java.awt.Color.WHITE, st.getPlotBackgroundColor());
            assertFalse(st.isPlotBorderVisible());
        }
        // 8 colours and 7 markers: the first 56 series are all distinct pairs
        var pairs = new java.util.HashSet<String>();
        for (int k = 0; k < 56; k++) {
            pairs.add(k % Charts.PALETTE.size() + "/" + k % Charts.MARKERS.size());
        }
        assertEquals(56, pairs.size());
    }

    @Test
    void lineWithTitlesAndALogXAxis() {
        Table t = Table.create("p", IntColumn.create("k", 1, 10, 100), DoubleColumn.create("a", 0.1, 0.2, 0.3),
                DoubleColumn.create("b", 0.3, 0.2, 0.1));
        XYChart c = Charts.line(t, "k", Charts.Scale.LOG, Charts.Scale.LINEAR, "precision at k", "k (cells)",
                "precision", "a", "b");
        assertTrue(c.getStyler().isXAxisLogarithmic());
        assertEquals("precision at k", c.getTitle());
        assertEquals("k (cells)", c.getXAxisTitle());
        assertEquals(2, c.getSeriesMap().size());
        Show.png(c);
        Table zero = Table.create("z", IntColumn.create("k", 0, 1), DoubleColumn.create("a", 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Charts.line(zero, "k", Charts.Scale.LOG,
                Charts.Scale.LINEAR, "t", "x", "y", "a"));
    }

    /** Eight proxy names side by side overflow 600 px (notebook 02's bars overlapped): the labels are turned. */
    @Test
    void crowdedLabelsAreTurned() {
        var eight = List.of("grad_norm", "snip", "grasp", "fisher", "synflow", "jacob_cov", "params", "flops");
        assertTrue(Charts.crowded(eight, 2, true));
        assertFalse(Charts.crowded(List.of("a", "b", "c"), 1, false));
        assertFalse(Charts.crowded(List.of(), 1, false));
    }

    @Test
    void intervalBarsDrawOursWithAnErrorBarBesideTheReference() {
        Table t = Table.create("r", StringColumn.create("proxy", "synflow", "snip"),
                DoubleColumn.create("ours", 0.73, 0.59), DoubleColumn.create("lo", 0.72, 0.55),
                DoubleColumn.create("hi", 0.75, 0.60), DoubleColumn.create("paper", 0.737, 0.596));
        CategoryChart c = Charts.intervalBars(t, "proxy", "ours", "lo", "hi", "paper", "|rho| vs paper", "|rho|");
        assertEquals(List.of("ours (+- 95% CI)", "paper"), List.copyOf(c.getSeriesMap().keySet()));
        var errors = List.copyOf((java.util.Collection<?>) c.getSeriesMap().get("ours (+- 95% CI)").getExtraValues());
        assertEquals(0.04, ((Number) errors.get(1)).doubleValue(), 1e-12, "the larger half of the interval");
        assertEquals("|rho|", c.getYAxisTitle());
        Show.png(c);
        t.doubleColumn("paper").set(1, Double.NaN);
        assertThrows(IllegalArgumentException.class,
                () -> Charts.intervalBars(t, "proxy", "ours", "lo", "hi", "paper", "t", "y"));
    }

    @Test
    void heatmapPutsTheFirstRowAtTheTop() {
        Table m = Table.create("m", StringColumn.create("column", "a", "b"), DoubleColumn.create("a", 1, -0.5),
                DoubleColumn.create("b", -0.5, 1));
        var chart = Charts.heatmap(m, "Spearman rho between proxies");
        assertEquals("Spearman rho between proxies", chart.getTitle());
        var series = chart.getHeatMapSeries();
        assertEquals(List.of("b", "a"), List.copyOf(series.getYData()), "XChart draws the first y at the bottom");
        assertEquals(List.of("a", "b"), List.copyOf(series.getXData()));
        assertEquals(4, series.getHeatData().size());
        Show.png(chart);
    }

    @Test
    void rankGridIsOnePngWithAPanelPerProxy() throws java.io.IOException {
        Table t = Table.create("t", DoubleColumn.create("acc", 1, 2, 3, 4, 5, 6),
                DoubleColumn.create("good", 1, 2, 3, 4, 5, Double.POSITIVE_INFINITY),
                DoubleColumn.create("bad", 6, 5, 4, 3, 2, Double.NaN));
        MimeBundle b = Charts.rankGrid(t, "acc", 3, "ranks on six cells", "good", "bad");
        byte[] png = java.util.Base64.getDecoder().decode(b.get(MimeBundle.PNG));
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(2 * 280, image.getWidth(), "two panels side by side");
        assertTrue(b.text().contains("2 panels"), b.text());
        assertThrows(IllegalArgumentException.class, () -> Charts.rankGrid(t, "acc", 3, "none"));
    }

    @Test
    void labelledScatterWritesEachLabelBesideItsPoint() {
        Table t = Table.create("cost", StringColumn.create("proxy", "synflow", "grasp", "zen"),
                DoubleColumn.create("seconds", 0.05, 1.5, Double.NaN), DoubleColumn.create("abs_rho", 0.77, 0.54, 0.4));
        XYChart c = Charts.labelled(t, "seconds", "abs_rho", "proxy", Charts.Scale.LOG, "|rho| against cost",
                "seconds per cell (s)", "|Spearman rho|");
        assertEquals(List.of("synflow", "grasp"), List.copyOf(c.getSeriesMap().keySet()));
        assertFalse(c.getStyler().isLegendVisible(), "the labels name the points");
        assertTrue(c.getTitle().contains("1 rows without a value"), c.getTitle());
        assertTrue(c.getStyler().getXAxisMax() > 1.5, "room right of the last point for its label");
        Show.png(c);
    }
}
