package io.trainfree.eval;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * How well a predictor's scores rank architectures, as DELE and GATES report it (docs/dele.md §8): Kendall's
 * tau-b over all architectures, and for the best K of them the precision of the predicted top-K and Kendall's tau
 * among the architectures the prediction got right.
 *
 * <p><b>Kendall's tau-b</b> ({@link #kendallTau}) is scipy's {@code stats.kendalltau} (variant b). With
 * {@code tot = n(n-1)/2} pairs, {@code xtie} and {@code ytie} of them tied in x and in y, {@code ntie} tied in both
 * and {@code dis} discordant,
 * <pre>tau_b = (tot - xtie - ytie + ntie - 2 dis) / sqrt(tot - xtie) / sqrt(tot - ytie)</pre>
 * (the numerator is concordant minus discordant pairs), clipped to [-1, 1]; NaN when fewer than two pairs are
 * complete or either side is constant. It is computed in O(n log n) by Knight's algorithm: sort by (x, y), count the
 * discordant pairs as the inversions of y in that order with a merge sort, and the ties from runs of equal values.
 * The arithmetic is scipy's in the same order, so values agree with scipy's to the last bit or nearly (the test
 * allows 1e-14).
 *
 * <p><b>Top K</b> ({@link #top}), K given as a fraction of the n architectures, {@code k = (int) (n * fraction)} as
 * the reference's {@code test_xk} (aw_nas {@code examples/research/dele/utils.py}) computes it:
 * <ul>
 *   <li>the true top-k: the first k by truth, descending; equal truths by larger index first;</li>
 *   <li>the predicted top-k: the first k by score, descending; equal scores by the worse true position first (against
 *       the predictor), NaN scores last;</li>
 *   <li>precision: |predicted top-k &cap; true top-k| / k;</li>
 *   <li>tau inside the top k: Kendall's tau-b between truth and score over the architectures in both top-k sets
 *       (NaN with fewer than two).</li>
 * </ul>
 * These tie rules are what {@code test_xk} does when numpy's sort is stable ({@code argsort(v)[::-1]} puts equal
 * values by larger position first); numpy's default sort is not stable past 16 values, so the reference itself breaks
 * ties arbitrarily. Of the two readings of "tau inside the top K" in spec 8, this is the reference's: among the
 * architectures the predictor correctly placed in the top k, how well it orders them. The other reading, tau over the
 * whole true top-k, would also charge the predictor for archs it placed far below k, which precision already counts.
 *
 * {@snippet :
 * double tau = RankMetrics.kendallTau(scores, validAccuracy);
 * RankMetrics.TopK top5 = RankMetrics.top(scores, validAccuracy, 0.05);   // k = 5% of the architectures
 * RankMetrics.topTable(scores, validAccuracy);   // fraction | k | common | precision | kendall, one row per K
 * }
 */
public final class RankMetrics {
    /** The K of DELE's P@topK, as fractions: 0.1, 0.5, 1, 5, 10, 50 and 100 %. */
    public static final List<Double> TOP_FRACTIONS = List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0);

    private RankMetrics() {
    }

    /**
     * The top-K figures at one K.
     *
     * @param fraction  K as a fraction of the architectures, in (0, 1]
     * @param k         {@code (int) (n * fraction)}; 0 when there are too few architectures
     * @param common    architectures in both the predicted and the true top-k
     * @param precision common / k (NaN for k = 0)
     * @param kendall   Kendall's tau-b between truth and score over the common architectures (NaN with fewer than two)
     */
    public record TopK(double fraction, int k, int common, double precision, double kendall) {
        public TopK {
            checkFraction(fraction);
            if (k < 0 || common < 0 || common > k) {
                throw new IllegalArgumentException("need 0 <= common <= k, got common=" + common + ", k=" + k);
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "top %s%% (k=%d): precision %.4f (%d common), tau %.4f",
                    percent(fraction), k, precision, common, kendall);
        }
    }

    // ---- Kendall's tau-b ------------------------------------------------------------------------------------------

    /**
     * Kendall's tau-b of {@code x} and {@code y} over the pairs where neither is NaN (as {@link Correlation} does;
     * scipy's default would return NaN instead). Infinities are ordinary values; -0.0 equals 0.0.
     *
     * @return tau-b in [-1, 1]; NaN with fewer than two complete pairs or a side constant over them
     * @throws IllegalArgumentException if the lengths differ
     */
    public static double kendallTau(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("the sizes of x and y don't match: " + x.length + " != " + y.length);
        }
        int[] complete = IntStream.range(0, x.length).filter(i -> !Double.isNaN(x[i]) && !Double.isNaN(y[i]))
                .toArray();
        if (complete.length == x.length) {
            return kendallTauComplete(x, y);
        }
        return kendallTauComplete(Arrays.stream(complete).mapToDouble(i -> x[i]).toArray(),
                Arrays.stream(complete).mapToDouble(i -> y[i]).toArray());
    }

    /** Tau-b of two equally long arrays without NaN, by Knight's algorithm. */
    static double kendallTauComplete(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        // order by (x, y); adding 0.0 turns -0.0 into 0.0, so that equal numbers compare equal
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> x[i] + 0.0).thenComparingDouble(i -> y[i] + 0.0));
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int k = 0; k < n; k++) {
            xs[k] = x[order[k]] + 0.0;
            ys[k] = y[order[k]] + 0.0;
        }
        long xtie = 0;
        long ntie = 0;
        for (int start = 0, end; start < n; start = end) {
            end = start + 1;
            while (end < n && xs[end] == xs[start]) {
                end++;
            }
            xtie += pairs(end - start);
            for (int s = start, e; s < end; s = e) {
                e = s + 1;
                while (e < end && ys[e] == ys[s]) {
                    e++;
                }
                ntie += pairs(e - s);
            }
        }
        // in (x, y) order, a pair tied in x is never an inversion of y, and a pair i < j with x_i < x_j is discordant
        // exactly when y_i > y_j: the discordant pairs are the strict inversions of ys
        long dis = inversions(ys, new double[n], 0, n);
        long ytie = 0;
        for (int start = 0, end; start < n; start = end) {
            end = start + 1;
            while (end < n && ys[end] == ys[start]) {
                end++;
            }
            ytie += pairs(end - start);
        }
        long tot = pairs(n);
        if (xtie == tot || ytie == tot) {
            return Double.NaN;
        }
        long conMinusDis = tot - xtie - ytie + ntie - 2 * dis;
        double tau = conMinusDis / Math.sqrt(tot - xtie) / Math.sqrt(tot - ytie);
        return Math.min(1.0, Math.max(-1.0, tau));
    }

    private static long pairs(long count) {
        return count * (count - 1) / 2;
    }

    /** Sorts {@code a[from, to)} ascending and returns the number of pairs i < j with a[i] > a[j]. */
    private static long inversions(double[] a, double[] scratch, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long count = inversions(a, scratch, from, mid) + inversions(a, scratch, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (a[j] < a[i]) {
                count += mid - i; // a[j] is below every a[i..mid)
                scratch[k++] = a[j++];
            } else {
                scratch[k++] = a[i++];
            }
        }
        while (i < mid) {
            scratch[k++] = a[i++];
        }
        while (j < to) {
            scratch[k++] = a[j++];
        }
        System.arraycopy(scratch, from, a, from, to - from);
        return count;
    }

    // ---- top K ----------------------------------------------------------------------------------------------------

    /**
     * Precision and Kendall's tau at the top K of {@code truth} (rules in the class comment).
     *
     * @param score    the predicted scores, higher is better; NaN ranks last
     * @param truth    the true performance by the same index, higher is better; no NaN
     * @param fraction K as a fraction of the architectures, in (0, 1]
     * @throws IllegalArgumentException if the lengths differ, the truth has a NaN or the fraction is outside (0, 1]
     */
    public static TopK top(double[] score, double[] truth, double fraction) {
        return top(score, truth, truePositions(score, truth), fraction);
    }

    /** {@link #top}'s precision. */
    public static double precisionAtTop(double[] score, double[] truth, double fraction) {
        return top(score, truth, fraction).precision();
    }

    /** {@link #top}'s tau inside the top K. */
    public static double kendallInTop(double[] score, double[] truth, double fraction) {
        return top(score, truth, fraction).kendall();
    }

    /**
     * One row per K of {@link #TOP_FRACTIONS}: {@code top_percent | k | common | precision | kendall}, with a
     * caption giving Kendall's tau over all architectures.
     */
    public static Table topTable(double[] score, double[] truth) {
        int[] position = truePositions(score, truth);
        var percent = DoubleColumn.create("top_percent");
        var k = IntColumn.create("k");
        var common = IntColumn.create("common");
        var precision = DoubleColumn.create("precision");
        var kendall = DoubleColumn.create("kendall");
        for (double f : TOP_FRACTIONS) {
            TopK t = top(score, truth, position, f);
            percent.append(f * 100);
            k.append(t.k());
            common.append(t.common());
            precision.append(t.precision());
            kendall.append(t.kendall());
        }
        return Table.create(String.format(Locale.ROOT, "top K of %d architectures (Kendall's tau over all: %.4f)",
                truth.length, kendallTau(score, truth)), percent, k, common, precision, kendall);
    }

    private static TopK top(double[] score, double[] truth, int[] position, double fraction) {
        checkFraction(fraction);
        int n = truth.length;
        int k = (int) (n * fraction);
        if (k == 0) {
            return new TopK(fraction, 0, 0, Double.NaN, Double.NaN);
        }
        // predicted order: score descending, NaN last, equal scores by worse true position first
        Integer[] predicted = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(predicted, Comparator.<Integer, Boolean>comparing(i -> Double.isNaN(score[i]))
                .thenComparing(i -> -(score[i] + 0.0), Double::compare).thenComparing(i -> -position[i]));
        int[] both = Arrays.stream(predicted, 0, k).mapToInt(Integer::intValue).filter(i -> position[i] < k)
                .toArray();
        double tau = kendallTau(Arrays.stream(both).mapToDouble(i -> truth[i]).toArray(),
                Arrays.stream(both).mapToDouble(i -> score[i]).toArray());
        return new TopK(fraction, k, both.length, (double) both.length / k, tau);
    }

    /** Each architecture's 0-based place in the true order (truth descending, equal truths larger index first). */
    private static int[] truePositions(double[] score, double[] truth) {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(truth, "truth");
        if (score.length != truth.length) {
            throw new IllegalArgumentException("the sizes of score and truth don't match: " + score.length + " != "
                    + truth.length);
        }
        for (int i = 0; i < truth.length; i++) {
            if (Double.isNaN(truth[i])) {
                throw new IllegalArgumentException("truth[" + i + "] is NaN; the top K needs a true value for every "
                        + "architecture");
            }
        }
        Integer[] order = IntStream.range(0, truth.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer, Double>comparing(i -> -(truth[i] + 0.0), Double::compare)
                .thenComparing(i -> -i));
        int[] position = new int[truth.length];
        for (int p = 0; p < order.length; p++) {
            position[order[p]] = p;
        }
        return position;
    }

    private static void checkFraction(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("K must be a fraction in (0, 1], got " + fraction);
        }
    }

    private static String percent(double fraction) {
        return new BigDecimal(Double.toString(fraction * 100)).stripTrailingZeros().toPlainString();
    }
}
