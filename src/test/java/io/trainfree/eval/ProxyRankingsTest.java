package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ProxyRankingsTest {
    static final double EXACT = 1e-12;

    /** Ten cells, accuracy 1..10: {@code good} ranks them exactly, {@code flip} exactly inversely. */
    static Table cells() {
        double[] acc = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] good = {Double.NEGATIVE_INFINITY, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] flip = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        // mixed: right among the 5 best (6..10 in order), scrambled below, NaN on cell 0
        double[] mixed = {Double.NaN, 5, 4, 1, 2, 6, 7, 8, 9, 10};
        return Table.create("cells", DoubleColumn.create("acc", acc), DoubleColumn.create("good", good),
                DoubleColumn.create("flip", flip), DoubleColumn.create("mixed", mixed));
    }

    @Test
    void matrixIsSymmetricWithAUnitDiagonal() {
        Table m = ProxyRankings.spearmanMatrix(cells(), "good", "flip", "acc");
        assertEquals(List.of("column", "good", "flip", "acc"), m.columnNames());
        assertEquals(List.of("good", "flip", "acc"), m.stringColumn("column").asList());
        for (String c : List.of("good", "flip", "acc")) {
            int r = m.stringColumn("column").indexOf(c);
            assertEquals(1.0, m.doubleColumn(c).get(r), EXACT);
        }
        assertEquals(-1.0, m.doubleColumn("flip").get(0), EXACT); // good vs flip; -inf is the lowest rank
        assertEquals(m.doubleColumn("flip").get(2), m.doubleColumn("acc").get(1), EXACT);
        assertEquals(1.0, m.doubleColumn("acc").get(0), EXACT);
        assertThrows(IllegalArgumentException.class, () -> ProxyRankings.spearmanMatrix(cells()));
    }

    @Test
    void spearmanAmongTheBestCells() {
        Table t = ProxyRankings.topSpearman(cells(), "acc", new double[] {0.5, 1.0}, "good", "flip", "mixed");
        assertEquals(List.of("proxy", "all", "top_50%", "top_100%", "nan"), t.columnNames());
        assertEquals(-1.0, t.doubleColumn("top_50%").get(1), EXACT);
        // mixed over the 5 best (accuracy 6..10): values 6..10, exactly in order
        assertEquals(1.0, t.doubleColumn("top_50%").get(2), EXACT);
        // over all 9 defined: ranks of mixed (5, 4, 1, 2, 6..10) -> 4, 3, 1, 2, 5..9 against 1..9:
        // d = 3, 1, -2, -2, 0 x5: sum d^2 = 18, rho = 1 - 6 * 18 / (9 * 80) = 0.85
        assertEquals(0.85, t.doubleColumn("all").get(2), EXACT);
        assertEquals(t.doubleColumn("all").get(2), t.doubleColumn("top_100%").get(2), EXACT);
        assertEquals(List.of(0, 0, 1), t.intColumn("nan").asList());
        assertTrue(t.name().contains("50%: 5 cells"), t.name());
        assertThrows(IllegalArgumentException.class,
                () -> ProxyRankings.topSpearman(cells(), "acc", new double[] {0.1}, "good"));
        assertThrows(IllegalArgumentException.class,
                () -> ProxyRankings.topSpearman(cells(), "acc", new double[] {1.5}, "good"));
    }

    @Test
    void precisionCurveCountsTheSharedTopK() {
        Table t = ProxyRankings.precisionCurve(cells(), "acc", new int[] {1, 2, 5, 10}, "good", "flip", "mixed");
        assertArrayEquals(new double[] {1, 1, 1, 1}, t.doubleColumn("good").asDoubleArray(), EXACT);
        // flip's top k is the worst k: nothing shared until k passes half
        assertArrayEquals(new double[] {0, 0, 0, 1}, t.doubleColumn("flip").asDoubleArray(), EXACT);
        assertArrayEquals(new double[] {1, 1, 1, 1}, t.doubleColumn("mixed").asDoubleArray(), EXACT);
        Table r = ProxyRankings.precisionCurve(cells(), "acc", new int[] {3}, "acc");
        assertEquals(1.0, r.doubleColumn("acc").get(0), EXACT);
        assertThrows(IllegalArgumentException.class,
                () -> ProxyRankings.precisionCurve(cells(), "acc", new int[] {11}, "good"));
    }

    @Test
    void rankDensityPutsAPerfectRankingOnTheDiagonal() {
        double[] x = {1, 2, 3, 4, Double.NaN, 5, 6, 7, 8};
        double[] y = {1, 2, 3, 4, 0, 5, 6, 7, 8};
        Table d = ProxyRankings.rankDensity(x, y, 4);
        assertEquals(16, d.rowCount());
        assertEquals(8, (int) d.intColumn("count").sum(), "the NaN pair is left out");
        for (int r = 0; r < d.rowCount(); r++) {
            int expected = d.intColumn("x_bin").get(r).equals(d.intColumn("y_bin").get(r)) ? 2 : 0;
            assertEquals(expected, d.intColumn("count").get(r), "row " + r);
        }
        double[] reversed = {8, 7, 6, 5, 0, 4, 3, 2, 1};
        Table a = ProxyRankings.rankDensity(reversed, y, 2);
        // ranks 1-4 are bin 0, 5-9 bin 1 (rank 5 of 9 is past the middle); the 0/0 pair ranks lowest on both
        // sides: (0, 0); the reversed pairs fill the off-diagonal bins. x_bin-major: (0,0) (0,1) (1,0) (1,1)
        assertEquals(List.of(1, 3, 3, 2), a.intColumn("count").asList());
    }

    @Test
    void costBesideJoinsOnTheProxy() {
        Table timings = Table.create("t", StringColumn.create("proxy", "a", "b", "(cell)"),
                DoubleColumn.create("mean_s", 0.5, 2.0, 3.0));
        Table rho = Table.create("r", StringColumn.create("proxy", "b", "c", "a"),
                DoubleColumn.create("rho", -0.4, 0.9, 0.7));
        Table t = ProxyRankings.costBeside(timings, rho);
        assertEquals(List.of("b", "a"), t.stringColumn("proxy").asList());
        assertArrayEquals(new double[] {2.0, 0.5}, t.doubleColumn("seconds").asDoubleArray(), EXACT);
        assertArrayEquals(new double[] {0.4, 0.7}, t.doubleColumn("abs_rho").asDoubleArray(), EXACT);
    }
}
