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
        assertEquals("test_accuracy vs synflow (n = 3; 1 with NaN or infinity omitted)", chart.getTitle());
        Table inf = Table.create("t", DoubleColumn.create("naswot", Double.NEGATIVE_INFINITY, 1, 2),
                DoubleColumn.create("acc", 1, 2, 3));
        assertEquals("acc vs naswot (n = 2; 1 with NaN or infinity omitted)",
                Charts.scatter(inf, "naswot", "acc").getTitle());
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
}
