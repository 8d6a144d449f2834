package io.trainfree.eval;

import io.trainfree.math.Ranks;
import java.util.Objects;

/**
 * Rank correlation of two paired samples: Spearman's rho and Kendall's tau-b over the pairs where both values are
 * present. A pair with a NaN on either side is omitted and counted in {@code omitted}; infinities are ordinary values
 * (below or above every finite one). With fewer than two complete pairs, or a side that is constant over them, both
 * coefficients are NaN.
 *
 * {@snippet :
 * Correlation c = Correlation.of(synflow, testAccuracy);
 * c.spearman();   // rho over c.n() complete pairs; c.omitted() pairs had a NaN
 * }
 *
 * @param spearman Spearman's rho (ties get average ranks)
 * @param kendall  Kendall's tau-b, scipy's {@code kendalltau} ({@link RankMetrics#kendallTau})
 * @param n        number of complete pairs used
 * @param omitted  number of pairs left out because one side was NaN
 */
public record Correlation(double spearman, double kendall, int n, int omitted) {
    public Correlation {
        if (n < 0 || omitted < 0) {
            throw new IllegalArgumentException("n and omitted must be >= 0, got n=" + n + ", omitted=" + omitted);
        }
    }

    /** Spearman and Kendall over the complete pairs of {@code x} and {@code y}. */
    public static Correlation of(double[] x, double[] y) {
        double[][] xy = completePairs(x, y);
        int omitted = x.length - xy[0].length;
        return new Correlation(spearmanComplete(xy[0], xy[1]), kendallComplete(xy[0], xy[1]), xy[0].length, omitted);
    }

    /** Spearman's rho over the complete pairs (NaN pairs omitted); NaN if it is undefined. */
    public static double spearman(double[] x, double[] y) {
        double[][] xy = completePairs(x, y);
        return spearmanComplete(xy[0], xy[1]);
    }

    /** Kendall's tau-b over the complete pairs (NaN pairs omitted); NaN if it is undefined. */
    public static double kendall(double[] x, double[] y) {
        double[][] xy = completePairs(x, y);
        return kendallComplete(xy[0], xy[1]);
    }

    private static double spearmanComplete(double[] x, double[] y) {
        if (undefined(x, y)) {
            return Double.NaN;
        }
        // Pearson correlation of average ranks, as scipy does. Not Smile's CorTest.spearman: it forms n^3 in int
        // arithmetic, which overflows past n = 1290 (it returned -114.7 for C10 vs C100 accuracy over 15,625 cells).
        return pearson(Ranks.average(x), Ranks.average(y));
    }

    private static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double kendallComplete(double[] x, double[] y) {
        // O(n log n), exact pair counts in long; it was Smile's CorTest.kendall, O(n^2) and counting pairs in int
        return undefined(x, y) ? Double.NaN : RankMetrics.kendallTauComplete(x, y);
    }

    private static boolean undefined(double[] x, double[] y) {
        return x.length < 2 || constant(x) || constant(y);
    }

    private static boolean constant(double[] v) {
        for (double d : v) {
            if (Double.compare(d, v[0]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static double[][] completePairs(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("the sizes of x and y don't match: " + x.length + " != " + y.length);
        }
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                n++;
            }
        }
        double[] cx = new double[n];
        double[] cy = new double[n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                cx[k] = x[i];
                cy[k++] = y[i];
            }
        }
        return new double[][] {cx, cy};
    }

    @Override
    public String toString() {
        return String.format("Correlation(spearman=%.4f, kendall=%.4f, n=%d, omitted=%d)", spearman, kendall, n,
                omitted);
    }
}
