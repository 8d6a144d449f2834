package io.trainfree.eval;

import io.trainfree.math.Ranks;
import java.util.Objects;

/**
 * Rank correlation of two paired samples: Spearman's rho and Kendall's tau-b over the pairs where both values are
 * present. With fewer than two complete pairs, or a side that is constant over them, both coefficients are NaN.
 *
 * <p><b>NaN and infinite values</b> (the one policy of every rank table in {@code eval}, docs/proxies.md §3.1): both
 * coefficients are rank-based, so an infinity is a rank like any other: {@code -inf} below every finite value,
 * {@code +inf} above (a proxy that says "infinitely bad" has still ranked the cell, last), ties among equal infinities
 * sharing their average rank; {@link #infinite(double[], double[])} counts them. A NaN is undefined, not a rank: a
 * pair with a NaN on either side is left out and counted in {@code omitted}.
 *
 * <p><b>Interval.</b> {@link #interval(double)} is the Fisher-z interval with the Fieller-Hartley-Pearson variance
 * 1.06 / (n - 3) for Spearman's rho (tanh(atanh(rho) -+ z sqrt(1.06 / (n - 3)))): what rho would do over another
 * sample of n cells, not over another run of the proxies on the same cells.
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

    /**
     * The two-sided Fisher-z interval of {@link #spearman()} at {@code level} (0.95 for 95 %), with Fieller et al.'s
     * variance 1.06 / (n - 3): {@code {low, high}}, both NaN when rho is NaN or n &lt; 4. A rho of exactly +-1 gives
     * the degenerate interval {rho, rho}.
     *
     * @throws IllegalArgumentException if {@code level} is not in (0, 1)
     */
    public double[] interval(double level) {
        return fisherInterval(spearman, n, level);
    }

    /** {@link #interval(double)} for any Spearman rho over n pairs. */
    public static double[] fisherInterval(double rho, int n, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), got " + level);
        }
        if (Double.isNaN(rho) || n < 4) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (Math.abs(rho) >= 1) {
            return new double[] {rho, rho};
        }
        double z = 0.5 * Math.log((1 + rho) / (1 - rho));
        double half = normalQuantile(0.5 + level / 2) * Math.sqrt(1.06 / (n - 3));
        return new double[] {Math.tanh(z - half), Math.tanh(z + half)};
    }

    /**
     * The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).
     */
    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double x;
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p > 1 - 0.02425) {
            return -normalQuantile(1 - p);
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        return x;
    }

    /**
     * The complete pairs (no NaN on either side) with an infinity on at least one side: they are ranked at the ends,
     * not left out.
     */
    public static int infinite(double[] x, double[] y) {
        double[][] xy = completePairs(x, y);
        int k = 0;
        for (int i = 0; i < xy[0].length; i++) {
            if (Double.isInfinite(xy[0][i]) || Double.isInfinite(xy[1][i])) {
                k++;
            }
        }
        return k;
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

    /** The pairs where neither value is NaN, as {@code {x, y}}; shared with {@link ProxyRankings}. */
    static double[][] completePairs(double[] x, double[] y) {
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
