package io.trainfree.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Anytime curves with bands on a log axis, and a marked x such as RoBoT's mean T0. */
class ChartsBandsTest {
    private static Table curves() {
        return Table.create("curves", StringColumn.create("method", "a", "a", "b", "b"),
                IntColumn.create("queries", 1, 2, 1, 2), DoubleColumn.create("mean", 8, 4, 16, 2),
                DoubleColumn.create("stderr", 1, 5, 2, Double.NaN));
    }

    @Test
    void logBandsCutAtATenthOfTheMeanWhereTheyReachZero() {
        XYChart chart = Charts.bands(curves(), "queries", "method", "mean", "stderr", "queries", "rank",
                Charts.Scale.LOG);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        XYSeries band = chart.getSeriesMap().get("a band");
        // upper edge 9, 9 then lower edge back: 4 - 5 < 0 is cut to 0.4, then 8 - 1 = 7
        assertArrayEquals(new double[] {9, 9, 0.4, 7}, band.getYData(), 1e-12);
        // 16 +- 2, then 2 without a standard error (one run): there the band closes on the line
        assertArrayEquals(new double[] {18, 2, 2, 14}, chart.getSeriesMap().get("b band").getYData(), 1e-12);
        assertTrue(chart.getSeriesMap().get("a").getMarker() != chart.getSeriesMap().get("b").getMarker(),
                "series differ in marker as well as colour");
        Table negative = curves();
        negative.doubleColumn("mean").set(0, -1.0);
        assertThrows(IllegalArgumentException.class, () -> Charts.bands(negative, "queries", "method", "mean",
                "stderr", "queries", "rank", Charts.Scale.LOG));
    }

    @Test
    void markXSpansThePlottedValues() {
        XYChart chart = Charts.bands(curves(), "queries", "method", "mean", "stderr", "queries", "rank",
                Charts.Scale.LOG);
        Charts.markX(chart, 1.5, "mean T0 = 1.5");
        XYSeries mark = chart.getSeriesMap().get("mean T0 = 1.5");
        assertArrayEquals(new double[] {1.5, 1.5}, mark.getXData());
        assertArrayEquals(new double[] {0.4, 18}, mark.getYData(), 1e-12);
        assertEquals(5, chart.getSeriesMap().size());
        var empty = new org.knowm.xchart.XYChartBuilder().title("empty").build();
        assertThrows(IllegalArgumentException.class, () -> Charts.markX(empty, 1, "x"));
    }
}
