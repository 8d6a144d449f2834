package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Precision@T and the expected-rank relation on hand-checked arrays. */
class PrecisionTest {
    private static final double NAN = Double.NaN;
    /** True ranks: index 1 (60) 1st, 3 (50) 2nd, 5 (40) 3rd, 2 (30) 4th, 4 (20) 5th, 0 (10) 6th. */
    private static final double[] TRUTH = {10, 60, 30, 50, 20, 40};
    /** Score order: 0, 2, 3, 5, 1, then 4 (NaN) last. */
    private static final double[] SCORE = {0.9, 0.1, 0.8, 0.7, NAN, 0.2};

    @Test
    void handCheckedSixArchitectures() {
        assertArrayEquals(new int[] {6, 1, 4, 2, 5, 3}, Precision.trueRanks(TRUTH));
        assertArrayEquals(new int[] {0, 2, 3, 5, 1, 4}, Precision.ranking(SCORE));
        // T=2: score top {0, 2}, true top {1, 3}: nothing common; the better of 0 and 2 ranks 4th
        assertEquals(new Precision(2, 0, 4, 1), Precision.at(SCORE, TRUTH, 2));
        assertTrue(Double.isNaN(Precision.at(SCORE, TRUTH, 2).expectedRank()));
        // T=3: score top {0, 2, 3}, true top {1, 3, 5}: {3} common, it ranks 2nd; expected (3+1)/(1+1) = 2
        Precision p3 = Precision.at(SCORE, TRUTH, 3);
        assertEquals(new Precision(3, 1, 2, 1), p3);
        assertEquals(1.0 / 3, p3.precision(), 1e-15);
        assertEquals(2.0, p3.expectedRank(), 1e-15);
        // T=4: score top {0, 2, 3, 5}, true top {1, 3, 5, 2}: {2, 3, 5} common; expected 5/4
        Precision p4 = Precision.at(SCORE, TRUTH, 4);
        assertEquals(0.75, p4.precision(), 0.0);
        assertEquals(1.25, p4.expectedRank(), 1e-15);
        assertEquals(2, p4.pickRank());
        // T=6: everything common
        assertEquals(1.0, Precision.at(SCORE, TRUTH, 6).precision(), 0.0);
        assertEquals(1, Precision.at(SCORE, TRUTH, 6).pickRank());
    }

    @Test
    void truthTiesShareTheBestRankAndAllEnterTheTopT() {
        double[] truth = {5, 5, 3, 5, 1, 0};
        assertArrayEquals(new int[] {1, 1, 4, 1, 5, 6}, Precision.trueRanks(truth));
        // the true top-2 is {0, 1, 3} (a three-way tie at rank 1): either pair of them is fully common
        assertEquals(1.0, Precision.at(new double[] {3, 2, 1, 0, 0, 0}, truth, 2).precision(), 0.0);
        assertEquals(1.0, Precision.at(new double[] {0, 3, 0, 2, 0, 0}, truth, 2).precision(), 0.0);
        // equal scores: the larger index first, so the top-2 of a constant score is {5, 4}
        assertArrayEquals(new int[] {5, 4, 3, 2, 1, 0}, Precision.ranking(new double[6]));
        assertEquals(new Precision(2, 0, 5, 0), Precision.at(new double[6], truth, 2));
        // NaN truth is worse than every number
        assertArrayEquals(new int[] {3, 2, 3, 1}, Precision.trueRanks(new double[] {NAN, 1, NAN, 2}));
    }

    @Test
    void expectedRankAtAFewValues() {
        assertEquals(10.5, Precision.expectedRank(20, 0.05), 1e-12); // one common: 21/2
        assertEquals(21.0 / 11, Precision.expectedRank(20, 0.5), 1e-12);
        assertEquals(1.0, Precision.expectedRank(20, 1.0), 1e-12);
        assertEquals(1.0, Precision.expectedRank(1, 1.0), 0.0);
        assertEquals(7.0 / 3, Precision.expectedRank(6, 2.0 / 6), 1e-12);
        assertTrue(Double.isNaN(Precision.expectedRank(20, 0)));
        var e = assertThrows(IllegalArgumentException.class, () -> Precision.expectedRank(20, 0.33));
        assertTrue(e.getMessage().contains("0.33") && e.getMessage().contains("1/20"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Precision.expectedRank(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Precision.expectedRank(20, 1.05));
    }

    /** The formula is the mean minimum over all k-subsets of 1..T: enumerate them. */
    @Test
    void expectedRankIsTheMeanMinimumOfDistinctDraws() {
        for (int t = 1; t <= 10; t++) {
            double[] sum = new double[t + 1];
            long[] count = new long[t + 1];
            for (int mask = 1; mask < (1 << t); mask++) {
                int k = Integer.bitCount(mask);
                sum[k] += Integer.numberOfTrailingZeros(mask) + 1; // the smallest rank drawn
                count[k]++;
            }
            for (int k = 1; k <= t; k++) {
                assertEquals(sum[k] / count[k], Precision.expectedRank(t, (double) k / t), 1e-12, "T=" + t + " k=" + k);
            }
        }
    }

    @Test
    void tableHasOneRowPerScore() {
        var scores = new LinkedHashMap<String, double[]>();
        scores.put("s", SCORE);
        scores.put("truth itself", TRUTH);
        Table t = Precision.table(scores, TRUTH, 3);
        assertEquals(java.util.List.of("metric", "precision_at_3", "common", "expected_rank", "pick_rank",
                "nan_scores"), t.columnNames());
        assertEquals(java.util.List.of("s", "truth itself"), t.stringColumn("metric").asList());
        assertEquals(1.0 / 3, t.doubleColumn("precision_at_3").get(0), 1e-15);
        assertEquals(1.0, t.doubleColumn("precision_at_3").get(1), 0.0);
        assertEquals(2.0, t.doubleColumn("expected_rank").get(0), 1e-15);
        assertEquals(4.0 / 4, t.doubleColumn("expected_rank").get(1), 1e-15);
        assertEquals(2, t.intColumn("pick_rank").get(0));
        assertEquals(1, t.intColumn("pick_rank").get(1));
        assertEquals(1, t.intColumn("nan_scores").get(0));
    }

    @Test
    void badArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Precision.at(SCORE, new double[5], 2));
        assertTrue(e.getMessage().contains("6 != 5"), e.getMessage());
        var b = assertThrows(IllegalArgumentException.class, () -> Precision.at(SCORE, TRUTH, 7));
        assertTrue(b.getMessage().contains("T = 7") && b.getMessage().contains("1..6"), b.getMessage());
        var scores = new LinkedHashMap<String, double[]>();
        scores.put("short one", new double[2]);
        var n = assertThrows(IllegalArgumentException.class, () -> Precision.table(scores, TRUTH, 1));
        assertTrue(n.getMessage().contains("short one"), n.getMessage());
    }
}
