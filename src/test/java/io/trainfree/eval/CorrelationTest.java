package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CorrelationTest {
    static final double EXACT = 1e-12;

    @Test
    void spearmanOfAMonotoneTransformIsOne() {
        double[] x = {0.5, 1, 2, 3, 7, 11};
        double[] x2 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x2[i] = x[i] * x[i];
        }
        assertEquals(1.0, Correlation.spearman(x, x2), EXACT);
        assertEquals(1.0, Correlation.kendall(x, x2), EXACT);
        double[] reversed = {6, 5, 4, 3, 2, 1};
        assertEquals(-1.0, Correlation.spearman(x, reversed), EXACT);
    }

    @Test
    void tiesGetAverageRanks() {
        // ranks of x: 1, 2.5, 2.5, 4; of y: 1, 3, 2, 4; Pearson of the ranks = 4.5 / sqrt(4.5 * 5)
        double[] x = {1, 2, 2, 3};
        double[] y = {1, 3, 2, 4};
        assertEquals(4.5 / Math.sqrt(4.5 * 5), Correlation.spearman(x, y), EXACT);
        // pairs: 5 concordant, 0 discordant, 1 tied in x only; tau-b = 5 / sqrt((6 - 1) * (6 - 0))
        assertEquals(5 / Math.sqrt(30), Correlation.kendall(x, y), EXACT);
    }

    @Test
    void kendallOfAHandCountedPermutation() {
        // y pairs in x order: (3,1)d (3,2)d (3,5)c (3,4)c (1,2)c (1,5)c (1,4)c (2,5)c (2,4)c (5,4)d: 7 - 3 of 10
        assertEquals(0.4, Correlation.kendall(new double[] {1, 2, 3, 4, 5}, new double[] {3, 1, 2, 5, 4}), EXACT);
        // d = rank differences (2, -1, -1, 1, -1): rho = 1 - 6 * 8 / (5 * 24) = 0.6
        assertEquals(0.6, Correlation.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {3, 1, 2, 5, 4}), EXACT);
    }

    @Test
    void nanPairsAreOmittedAndCounted() {
        double[] x = {1, 2, Double.NaN, 4, 5, 6};
        double[] y = {2, 4, 6, Double.NaN, 10, 12};
        Correlation c = Correlation.of(x, y);
        assertEquals(4, c.n());
        assertEquals(2, c.omitted());
        assertEquals(1.0, c.spearman(), EXACT);
        assertEquals(1.0, c.kendall(), EXACT);
    }

    @Test
    void infinitiesAreOrdinaryValues() {
        // a proxy that is log(0) = -inf for dead cells ranks them lowest, all tied
        double[] x = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, 2, Double.POSITIVE_INFINITY};
        double[] finite = {-1e300, -1e300, 1, 2, 1e300};
        double[] y = {0.1, 0.2, 0.3, 0.5, 0.4};
        assertEquals(Correlation.kendall(finite, y), Correlation.kendall(x, y), EXACT);
        assertEquals(Correlation.spearman(finite, y), Correlation.spearman(x, y), EXACT);
        assertTrue(Correlation.kendall(x, y) > 0);
    }

    @Test
    void undefinedCasesAreNaN() {
        Correlation constant = Correlation.of(new double[] {3, 3, 3}, new double[] {1, 2, 3});
        assertTrue(Double.isNaN(constant.spearman()) && Double.isNaN(constant.kendall()), constant.toString());
        Correlation one = Correlation.of(new double[] {1, Double.NaN}, new double[] {1, 2});
        assertTrue(Double.isNaN(one.spearman()) && Double.isNaN(one.kendall()));
        assertEquals(1, one.n());
        assertTrue(Double.isNaN(Correlation.spearman(new double[0], new double[0])));
    }

    @Test
    void sizesMustMatch() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Correlation.of(new double[3], new double[4]));
        assertEquals("the sizes of x and y don't match: 3 != 4", e.getMessage());
    }

    @Test
    void agreesWithSlowPlainImplementations() {
        var random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(60);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values, so there are many ties
                x[i] = random.nextInt(trial % 2 == 0 ? 5 : 1000);
                y[i] = random.nextInt(7) + 0.5 * x[i];
            }
            String what = "trial " + trial + ", n = " + n;
            assertEquals(slowSpearman(x, y), Correlation.spearman(x, y), 1e-10, what);
            assertEquals(slowKendallTauB(x, y), Correlation.kendall(x, y), 1e-10, what);
        }
    }

    @Test
    void largeSamplesStayExact() {
        // Smile's own Spearman overflows int at n > 1290; ours must agree with the plain formula at NB201's size
        var random = new SplittableRandom(11);
        int n = 15_625;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(3000);
            y[i] = x[i] + random.nextGaussian() * 800;
        }
        double rho = Correlation.spearman(x, y);
        assertTrue(rho > 0.6 && rho < 0.9, "rho = " + rho); // noise sd 800 on a spread of sd 866: about 0.73
        assertEquals(pearson(slowRanksBySorting(x), slowRanksBySorting(y)), rho, 1e-12);
    }

    /** Average ranks by sorting a copy and binary-searching each value's run (independent of Correlation.ranks). */
    static double[] slowRanksBySorting(double[] v) {
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int lo = java.util.Arrays.binarySearch(sorted, v[i]);
            int hi = lo;
            while (lo > 0 && sorted[lo - 1] == v[i]) {
                lo--;
            }
            while (hi + 1 < sorted.length && sorted[hi + 1] == v[i]) {
                hi++;
            }
            r[i] = (lo + hi) / 2.0 + 1;
        }
        return r;
    }

    /** Pearson correlation of average ranks, ranks found by counting. */
    static double slowSpearman(double[] x, double[] y) {
        return pearson(slowRanks(x), slowRanks(y));
    }

    static double[] slowRanks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int less = 0;
            int equal = 0;
            for (double w : v) {
                if (w < v[i]) {
                    less++;
                } else if (w == v[i]) {
                    equal++;
                }
            }
            r[i] = less + (equal + 1) / 2.0;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Tau-b: (concordant - discordant) / sqrt((pairs - ties in x) * (pairs - ties in y)). */
    static double slowKendallTauB(double[] x, double[] y) {
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        long pairs = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                pairs++;
                int sx = Double.compare(x[i], x[j]);
                int sy = Double.compare(y[i], y[j]);
                if (sx == 0) {
                    tiesX++;
                }
                if (sy == 0) {
                    tiesY++;
                }
                if (sx * sy > 0) {
                    concordant++;
                } else if (sx * sy < 0) {
                    discordant++;
                }
            }
        }
        return (concordant - discordant) / Math.sqrt((double) (pairs - tiesX) * (pairs - tiesY));
    }

    @Test
    void fisherIntervalOfAHandComputedCase() {
        // rho 0.5 over n = 103: z = atanh(0.5) = 0.549306, half = 1.959964 * sqrt(1.06 / 100) = 0.201791
        double[] ci = Correlation.fisherInterval(0.5, 103, 0.95);
        assertEquals(Math.tanh(0.5493061443 - 0.2017906), ci[0], 1e-7);
        assertEquals(Math.tanh(0.5493061443 + 0.2017906), ci[1], 1e-7);
        assertEquals(0.3342, ci[0], 1e-4);
        assertEquals(0.6358, ci[1], 1e-4);
        assertEquals(1.959963985, Correlation.normalQuantile(0.975), 1e-8);
        assertEquals(-1.644853627, Correlation.normalQuantile(0.05), 1e-8);
        // narrower with more cells, symmetric in the sign of rho, degenerate at +-1, undefined below 4 pairs
        double[] wide = Correlation.fisherInterval(0.5, 20, 0.95);
        assertTrue(wide[0] < ci[0] && wide[1] > ci[1]);
        double[] neg = Correlation.fisherInterval(-0.5, 103, 0.95);
        assertEquals(-ci[1], neg[0], EXACT);
        assertEquals(-ci[0], neg[1], EXACT);
        assertEquals(1.0, Correlation.fisherInterval(1, 50, 0.95)[0], 0.0);
        assertTrue(Double.isNaN(Correlation.fisherInterval(0.5, 3, 0.95)[0]));
        assertTrue(Double.isNaN(Correlation.fisherInterval(Double.NaN, 30, 0.95)[1]));
        assertThrows(IllegalArgumentException.class, () -> Correlation.fisherInterval(0.5, 30, 1));
    }

    /** The policy: infinities are ranks at the ends and counted; NaN pairs are left out and counted. */
    @Test
    void infinitiesAreRankedAtTheEndsAndNaNLeftOut() {
        double[] x = {Double.NEGATIVE_INFINITY, 1, 2, 3, Double.POSITIVE_INFINITY, Double.NaN};
        double[] y = {0, 1, 2, 3, 4, 5};
        Correlation c = Correlation.of(x, y);
        assertEquals(1.0, c.spearman(), EXACT, "-inf below every number, +inf above: a perfect ranking");
        assertEquals(5, c.n());
        assertEquals(1, c.omitted());
        assertEquals(2, Correlation.infinite(x, y));
        double[] ci = c.interval(0.95);
        assertEquals(1.0, ci[0], 0.0);
        // two equal infinities share their average rank: ranks of x 1.5, 1.5, 3, 4; of y 1..4
        double[] ties = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 5, 6};
        assertEquals(Correlation.spearman(new double[] {0, 0, 5, 6}, new double[] {1, 2, 3, 4}),
                Correlation.spearman(ties, new double[] {1, 2, 3, 4}), EXACT);
        assertEquals(0, Correlation.infinite(new double[] {Double.NaN, 1}, new double[] {Double.POSITIVE_INFINITY, 2}),
                "a pair with a NaN is left out, not counted as infinite");
    }
}
