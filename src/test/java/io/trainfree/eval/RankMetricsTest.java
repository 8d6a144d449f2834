package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * {@link RankMetrics} on hand-counted cases and against the plain O(n^2) count ({@link
 * CorrelationTest#slowKendallTauB}); scipy's recorded values are in {@link RankMetricsReferenceTest}.
 */
class RankMetricsTest {
    private static final double EXACT = 1e-15;

    @Test
    void kendallOfHandCountedCasesWithTies() {
        // 1..5 against 3,1,2,5,4: 10 pairs, 7 concordant, 3 discordant
        assertEquals(0.4, RankMetrics.kendallTau(new double[] {1, 2, 3, 4, 5}, new double[] {3, 1, 2, 5, 4}), EXACT);
        // x = 1,1,2,2,3,3 and y = 1,2,1,3,3,2: 15 pairs, 3 tied in x, 3 tied in y, none in both; of the 9 untied
        // pairs 7 are concordant and 2 discordant: (7 - 2) / sqrt(12 * 12) = 5/12
        assertEquals(5.0 / 12, RankMetrics.kendallTau(new double[] {1, 1, 2, 2, 3, 3},
                new double[] {1, 2, 1, 3, 3, 2}), EXACT);
        // x = 2,2,2,1,1,3,3 and y = 7,7,1,4,4,9,9: 21 pairs; tied in x 3 + 1 + 1 = 5, in y (7,7), (4,4), (9,9) = 3,
        // and those three are tied in x too; of the 16 untied pairs only (x=2,y=1) against the two (x=1,y=4) are
        // discordant: (14 - 2) / sqrt((21 - 5) * (21 - 3)) = 12 / sqrt(288) = 1 / sqrt(2)
        double[] x = {2, 2, 2, 1, 1, 3, 3};
        double[] y = {7, 7, 1, 4, 4, 9, 9};
        assertEquals(12 / Math.sqrt(16.0 * 18.0), RankMetrics.kendallTau(x, y), EXACT);
        assertEquals(CorrelationTest.slowKendallTauB(x, y), RankMetrics.kendallTau(x, y), EXACT);
        assertEquals(-1.0, RankMetrics.kendallTau(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), EXACT);
    }

    @Test
    void kendallIsNaNWhenUndefinedAndOmitsNaNPairs() {
        assertTrue(Double.isNaN(RankMetrics.kendallTau(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
        assertTrue(Double.isNaN(RankMetrics.kendallTau(new double[] {1}, new double[] {4})));
        assertTrue(Double.isNaN(RankMetrics.kendallTau(new double[0], new double[0])));
        double[] x = {1, Double.NaN, 2, 3, 4};
        double[] y = {3, 1, 1, 5, Double.NaN};
        assertEquals(RankMetrics.kendallTau(new double[] {1, 2, 3}, new double[] {3, 1, 5}),
                RankMetrics.kendallTau(x, y), EXACT);
        var e = assertThrows(IllegalArgumentException.class, () -> RankMetrics.kendallTau(new double[2],
                new double[3]));
        assertEquals("the sizes of x and y don't match: 2 != 3", e.getMessage());
    }

    @Test
    void infinitiesAreOrdinaryValuesAndSignedZerosAreEqual() {
        double inf = Double.POSITIVE_INFINITY;
        double[] x = {-inf, -inf, 0.0, -0.0, 3, inf};
        double[] y = {1, 2, 3, 3, 2, 9};
        double[] finite = {-100, -100, 0, 0, 3, 100};
        assertEquals(RankMetrics.kendallTau(finite, y), RankMetrics.kendallTau(x, y), EXACT);
        assertEquals(CorrelationTest.slowKendallTauB(finite, y), RankMetrics.kendallTau(x, y), EXACT);
    }

    @Test
    void agreesWithTheSlowCountOnRandomDataWithTies() {
        var random = new SplittableRandom(20_230_207);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + random.nextInt(trial < 250 ? 80 : 2000);
            int levelsX = 1 + random.nextInt(trial % 3 == 0 ? 4 : 300);
            int levelsY = 1 + random.nextInt(trial % 2 == 0 ? 6 : 500);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextInt(levelsX) * 0.1;
                y[i] = random.nextInt(levelsY) - (trial % 4 == 1 ? 2 * x[i] : -x[i]);
            }
            double slow = CorrelationTest.slowKendallTauB(x, y);
            double fast = RankMetrics.kendallTau(x, y);
            String what = "trial " + trial + ", n = " + n;
            if (Double.isNaN(slow)) {
                assertTrue(Double.isNaN(fast), what + ": " + fast);
            } else {
                assertEquals(slow, fast, 1e-14, what);
            }
        }
    }

    @Test
    void correlationUsesTheSameKendall() {
        var random = new SplittableRandom(3);
        double[] x = new double[70_000]; // past the 65,535 pairs Smile's int counts allowed
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(1000);
            y[i] = x[i] + random.nextInt(300);
        }
        double tau = Correlation.kendall(x, y);
        assertEquals(RankMetrics.kendallTau(x, y), tau, 0.0);
        assertTrue(tau > 0.7 && tau < 0.9, "tau = " + tau);
    }

    @Test
    void topKOnAHandCase() {
        // ten archs, truth 0..9 (index 9 best); the true top 3 is {9, 8, 7}
        double[] truth = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        // predicted order 8, 9, 1, 7, ...: top 3 by score is {8, 9, 1}
        double[] score = {0.0, 0.8, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 0.95, 0.9};
        RankMetrics.TopK t = RankMetrics.top(score, truth, 0.3);
        assertEquals(3, t.k());
        assertEquals(2, t.common());
        assertEquals(2.0 / 3, t.precision(), EXACT);
        // inside: 8 and 9, scored 0.95 and 0.9 against truth 8 and 9: one discordant pair
        assertEquals(-1.0, t.kendall(), EXACT);
        // K = 50 %: top 5 by score {8, 9, 1, 7, 6}, true top 5 {9, 8, 7, 6, 5}: common 8, 9, 7, 6
        RankMetrics.TopK half = RankMetrics.top(score, truth, 0.5);
        assertEquals(4, half.common());
        assertEquals(0.8, half.precision(), EXACT);
        assertEquals(RankMetrics.kendallTau(new double[] {8, 9, 7, 6}, new double[] {0.95, 0.9, 0.7, 0.5}),
                half.kendall(), EXACT);
        assertEquals(2.0 / 3, RankMetrics.kendallInTop(score, truth, 0.5), EXACT); // 5 concordant, 1 discordant
        assertEquals(0.8, RankMetrics.precisionAtTop(score, truth, 0.5), EXACT);
        RankMetrics.TopK all = RankMetrics.top(score, truth, 1.0);
        assertEquals(10, all.common());
        assertEquals(RankMetrics.kendallTau(score, truth), all.kendall(), EXACT);
    }

    @Test
    void topKTiesGoAgainstThePredictorAndNaNScoresLast() {
        double[] truth = {5, 4, 3, 2, 1, 0};
        // archs 0 and 4 share the best score: the truly worse (4) counts as predicted first
        double[] score = {1, Double.NaN, 0.5, 0.2, 1, 0.1};
        RankMetrics.TopK one = RankMetrics.top(score, truth, 1.0 / 6);
        assertEquals(1, one.k());
        assertEquals(0, one.common());
        RankMetrics.TopK two = RankMetrics.top(score, truth, 2.0 / 6);
        assertEquals(1, two.common()); // predicted {4, 0}, true {0, 1}
        // NaN score ranks last: arch 1 (second best) is never in a predicted top 5
        assertEquals(4, RankMetrics.top(score, truth, 5.0 / 6).common()); // predicted {4,0,2,3,5}, true {0..4}
        // tied truths: larger index first, so the true top 1 of {7, 7} is index 1
        assertEquals(1, RankMetrics.top(new double[] {0, 1}, new double[] {7, 7}, 0.5).common());
        assertEquals(0, RankMetrics.top(new double[] {1, 0}, new double[] {7, 7}, 0.5).common());
    }

    @Test
    void topKTooFewArchitecturesAndBadInput() {
        RankMetrics.TopK t = RankMetrics.top(new double[] {1, 2}, new double[] {1, 2}, 0.001);
        assertEquals(0, t.k());
        assertTrue(Double.isNaN(t.precision()) && Double.isNaN(t.kendall()));
        assertThrows(IllegalArgumentException.class, () -> RankMetrics.top(new double[2], new double[2], 0));
        assertThrows(IllegalArgumentException.class, () -> RankMetrics.top(new double[2], new double[2], 1.5));
        var e = assertThrows(IllegalArgumentException.class,
                () -> RankMetrics.top(new double[2], new double[] {1, Double.NaN}, 0.5));
        assertTrue(e.getMessage().contains("truth[1] is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RankMetrics.top(new double[2], new double[3], 0.5));
    }

    @Test
    void topTableHasOneRowPerK() {
        var random = new SplittableRandom(5);
        double[] truth = random.doubles(2000).toArray();
        double[] score = new double[truth.length];
        for (int i = 0; i < score.length; i++) {
            score[i] = truth[i] + 0.2 * random.nextDouble();
        }
        Table t = RankMetrics.topTable(score, truth);
        assertEquals(RankMetrics.TOP_FRACTIONS.size(), t.rowCount());
        assertEquals(2, t.intColumn("k").get(0));
        assertEquals(2000, t.intColumn("k").get(t.rowCount() - 1));
        assertEquals(100.0, t.doubleColumn("top_percent").get(t.rowCount() - 1), EXACT);
        assertEquals(RankMetrics.kendallTau(score, truth), t.doubleColumn("kendall").get(t.rowCount() - 1), EXACT);
        assertTrue(t.name().contains("Kendall's tau over all"), t.name());
        assertEquals("top 0.5% (k=10): precision", RankMetrics.top(score, truth, 0.005).toString().substring(0, 26));
    }
}
