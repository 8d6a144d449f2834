package io.trainfree.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Precision@T of a score against a true performance over all architectures (docs/robot.md §7): the fraction of the
 * score's top-T that is also in the true top-T, rho_T = |top-T by score &cap; top-T by truth| / T. It is the
 * "estimation gap" RoBoT's theory turns into a rank: a greedy search that queries the score's top-T and keeps the best
 * by truth ends, if the rho_T&middot;T common architectures fall uniformly on the true ranks 1..T, at expected true
 * rank (T + 1) / (rho_T&middot;T + 1) ({@link #expectedRank(int, double)}). The record keeps, beside it, the true rank
 * that greedy actually reaches ({@link #pickRank()}), so the relation can be checked.
 *
 * <p><b>Rules.</b> Higher is better on both sides (negate a lower-is-better score).
 * <ul>
 *   <li>Score: the top-T is the first T of the descending order, equal scores larger index first, NaN last: the
 *       order RoBoT's greedy step and {@code search.Greedy} query in, so the set is the one a search would query.</li>
 *   <li>Truth: the true rank is 1 + the number of architectures strictly better (competition ranking, "1224"), NaN
 *       counting as worse than every number; the true top-T is every architecture of rank &lt;= T. Ties thus never
 *       depend on index order, and a tie straddling rank T lets all its members in (the set may then exceed T, the
 *       intersection never does).</li>
 * </ul>
 *
 * {@snippet :
 * Precision p = Precision.at(synflow, valacc, 20);
 * p.precision();      // rho_20
 * p.expectedRank();   // 21 / (20 rho_20 + 1)
 * p.pickRank();       // the true rank of the best-by-truth among synflow's top 20
 * }
 *
 * @param budget    T
 * @param common    architectures in both the score's top-T and the true top-T
 * @param pickRank  the true rank of the best-by-truth architecture among the score's top-T (what greedy ends on)
 * @param nanScores architectures whose score is NaN (ranked last)
 */
public record Precision(int budget, int common, int pickRank, int nanScores) {
    public Precision {
        if (budget < 1) {
            throw new IllegalArgumentException("budget T must be >= 1, got " + budget);
        }
        if (common < 0 || common > budget) {
            throw new IllegalArgumentException("common must be in 0.." + budget + ", got " + common);
        }
        if (pickRank < 1) {
            throw new IllegalArgumentException("pickRank must be >= 1, got " + pickRank);
        }
        if (nanScores < 0) {
            throw new IllegalArgumentException("nanScores must be >= 0, got " + nanScores);
        }
    }

    /**
     * Precision@T of {@code score} against {@code truth}, both by architecture index.
     *
     * @throws IllegalArgumentException if the lengths differ or T is not in 1..(number of architectures)
     */
    public static Precision at(double[] score, double[] truth, int budget) {
        return at(score, trueRanks(truth), budget, "score");
    }

    private static Precision at(double[] score, int[] trueRank, int budget, String name) {
        Objects.requireNonNull(score, name);
        if (score.length != trueRank.length) {
            throw new IllegalArgumentException("the sizes of " + name + " and truth don't match: " + score.length
                    + " != " + trueRank.length);
        }
        if (budget < 1 || budget > score.length) {
            throw new IllegalArgumentException("budget T = " + budget + " is not in 1.." + score.length
                    + " (the number of architectures)");
        }
        int[] top = ranking(score);
        int common = 0;
        int pick = Integer.MAX_VALUE;
        for (int k = 0; k < budget; k++) {
            int r = trueRank[top[k]];
            if (r <= budget) {
                common++;
            }
            pick = Math.min(pick, r);
        }
        int nan = (int) Arrays.stream(score).filter(Double::isNaN).count();
        return new Precision(budget, common, pick, nan);
    }

    /** rho_T = common / T. */
    public double precision() {
        return (double) common / budget;
    }

    /** {@link #expectedRank(int, double)} at this T and precision; NaN when nothing is common. */
    public double expectedRank() {
        return expectedRank(budget, precision());
    }

    /**
     * The expected true rank of the best of the rho_T&middot;T common architectures if they are rho_T&middot;T
     * distinct uniform draws from the true ranks 1..T: the expected minimum of k such draws is (T + 1) / (k + 1)
     * (docs/robot.md §7, our reading of the paper's Theorem 1).
     *
     * @return (T + 1) / (rho_T&middot;T + 1), or NaN for rho_T = 0 (no common architecture: the relation says nothing
     *         beyond "rank &gt; T")
     * @throws IllegalArgumentException if T &lt; 1 or rho_T is not a multiple of 1/T in [0, 1]
     */
    public static double expectedRank(int budget, double precision) {
        if (budget < 1) {
            throw new IllegalArgumentException("budget T must be >= 1, got " + budget);
        }
        double k = precision * budget;
        if (!(precision >= 0 && precision <= 1) || Math.abs(k - Math.rint(k)) > 1e-9) {
            throw new IllegalArgumentException("precision " + precision + " is not a multiple of 1/" + budget
                    + " in [0, 1]");
        }
        return k < 0.5 ? Double.NaN : (budget + 1.0) / (Math.rint(k) + 1);
    }

    /**
     * One row per named score, in the map's iteration order (use a {@code LinkedHashMap}): {@code metric},
     * {@code precision_at_T} (T the budget, e.g. {@code precision_at_20}), {@code common}, {@code expected_rank}
     * (NaN when nothing is common), {@code pick_rank} (true rank of the best-by-truth among the score's top-T, i.e.
     * of greedy's pick) and {@code nan_scores}.
     *
     * @param truth the true performance by architecture index; for RoBoT's NAS-Bench-201 setting the search
     *              objective, CIFAR-10 validation accuracy after 12 epochs, since that is what greedy keeps the best of
     */
    public static Table table(Map<String, double[]> scores, double[] truth, int budget) {
        Objects.requireNonNull(scores, "scores");
        int[] ranks = trueRanks(truth);
        var metric = StringColumn.create("metric");
        var precision = DoubleColumn.create("precision_at_" + budget);
        var common = IntColumn.create("common");
        var expected = DoubleColumn.create("expected_rank");
        var pick = IntColumn.create("pick_rank");
        var nan = IntColumn.create("nan_scores");
        for (var e : scores.entrySet()) {
            Precision p = at(e.getValue(), ranks, budget, e.getKey());
            metric.append(e.getKey());
            precision.append(p.precision());
            common.append(p.common());
            expected.append(p.expectedRank());
            pick.append(p.pickRank());
            nan.append(p.nanScores());
        }
        return Table.create("precision@" + budget + " over " + truth.length + " architectures", metric, precision,
                common, expected, pick, nan);
    }

    /**
     * All indices by descending score, equal scores by descending index, NaN last (by descending index too): the
     * order greedy search queries in.
     */
    public static int[] ranking(double[] score) {
        Objects.requireNonNull(score, "score");
        Comparator<Integer> byScore = Comparator.<Integer, Boolean>comparing(i -> !Double.isNaN(score[i]))
                .thenComparingDouble(i -> score[i]).thenComparingInt(i -> i);
        return IntStream.range(0, score.length).boxed().sorted(byScore.reversed()).mapToInt(Integer::intValue)
                .toArray();
    }

    /** Competition ranks (1 + number strictly better), higher is better, NaN worse than every number. */
    public static int[] trueRanks(double[] truth) {
        Objects.requireNonNull(truth, "truth");
        int n = truth.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        // descending, NaN last; Double.compare would put NaN first
        Arrays.sort(order, Comparator.<Integer, Boolean>comparing(i -> Double.isNaN(truth[i]))
                .thenComparing(i -> -truth[i], Double::compare));
        int[] rank = new int[n];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            boolean tie = k > 0 && same(truth[i], truth[order[k - 1]]);
            rank[i] = tie ? rank[order[k - 1]] : k + 1;
        }
        return rank;
    }

    private static boolean same(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Precision@%d = %.3f (%d common), expected rank %.2f, pick rank %d,"
                + " %d NaN scores", budget, precision(), common, expectedRank(), pickRank, nanScores);
    }
}
