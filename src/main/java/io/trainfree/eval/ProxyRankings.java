package io.trainfree.eval;

import io.trainfree.math.Ranks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * What readers of a zero-cost-proxy paper look for beyond one rho per proxy, as tables over a table of proxies beside
 * an accuracy column (say {@code ProxyCorrelations.withBenchmark}): the proxies' correlations with each other, rho
 * among the best cells only, precision at k over k, rank-against-rank densities, and rho beside what the proxy costs.
 * Every method follows {@link Correlation}'s policy: a NaN value is left out (and counted where a table has room),
 * an infinity is a rank at the end.
 *
 * {@snippet :
 * var t = ProxyCorrelations.withBenchmark(c10, nb201, Metric.VAL_ACCURACY, Dataset.CIFAR10);
 * ProxyRankings.spearmanMatrix(t, "synflow", "naswot", "val_accuracy");
 * ProxyRankings.topSpearman(t, "val_accuracy", new double[] {0.01, 0.05, 0.1}, "synflow", "naswot");
 * }
 */
public final class ProxyRankings {
    private ProxyRankings() {
    }

    /**
     * Spearman's rho of every pair of {@code columns}, each pair over the rows where neither is NaN: a square table,
     * {@code column} (the row's name) then one column per name, 1 on the diagonal (NaN for a constant column).
     */
    public static Table spearmanMatrix(Table table, String... columns) {
        Objects.requireNonNull(columns, "columns");
        if (columns.length == 0) {
            throw new IllegalArgumentException("spearmanMatrix of table '" + table.name() + "' needs columns");
        }
        double[][] v = new double[columns.length][];
        for (int i = 0; i < columns.length; i++) {
            v[i] = numbers(table, columns[i]);
        }
        Table t = Table.create("Spearman rho between " + String.join(", ", columns)
                + " (each pair over its rows without NaN; infinities ranked)", StringColumn.create("column", columns));
        for (int j = 0; j < columns.length; j++) {
            double[] c = new double[columns.length];
            for (int i = 0; i < columns.length; i++) {
                c[i] = Correlation.spearman(v[i], v[j]);
            }
            t.addColumns(DoubleColumn.create(columns[j], c));
        }
        return t;
    }

    /**
     * Spearman's rho of each proxy with {@code accuracy} over the best cells only, for each fraction: the cells of
     * competition rank &lt;= k by accuracy ({@link Precision#trueRanks}; a tie straddling k lets all its members in),
     * k = round(fraction &times; cells with an accuracy). {@code proxy | all | top_<p>% ... | nan}: {@code all} over
     * every cell, {@code nan} the proxy's NaN cells among the largest top set (left out of its rho). The table's name
     * gives each k.
     *
     * @throws IllegalArgumentException if a fraction is not in (0, 1] or gives fewer than 2 cells
     */
    public static Table topSpearman(Table table, String accuracy, double[] fractions, String... proxies) {
        double[] acc = numbers(table, accuracy);
        int defined = (int) Arrays.stream(acc).filter(a -> !Double.isNaN(a)).count();
        int[] rank = Precision.trueRanks(acc);
        Table t = Table.create("", StringColumn.create("proxy", proxies));
        double[][] pv = new double[proxies.length][];
        for (int p = 0; p < proxies.length; p++) {
            pv[p] = numbers(table, proxies[p]);
        }
        t.addColumns(DoubleColumn.create("all", Arrays.stream(pv).mapToDouble(x -> Correlation.spearman(x, acc))
                .toArray()));
        List<String> ks = new ArrayList<>();
        int largest = 0;
        boolean[] inLargest = new boolean[acc.length];
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("fraction must be in (0, 1], got " + f);
            }
            int k = (int) Math.round(f * defined);
            if (k < 2) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the top %s of %d cells is %d cell(s): "
                        + "too few for a rho", percent(f), defined, k));
            }
            int[] rows = top(rank, acc, k);
            ks.add(String.format(Locale.ROOT, "%s: %,d cells", percent(f), rows.length));
            double[] a = pick(acc, rows);
            t.addColumns(DoubleColumn.create("top_" + percent(f), Arrays.stream(pv)
                    .mapToDouble(x -> Correlation.spearman(pick(x, rows), a)).toArray()));
            if (rows.length > largest) {
                largest = rows.length;
                Arrays.fill(inLargest, false);
                for (int r : rows) {
                    inLargest[r] = true;
                }
            }
        }
        int[] nan = new int[proxies.length];
        for (int p = 0; p < proxies.length; p++) {
            for (int r = 0; r < acc.length; r++) {
                if (inLargest[r] && Double.isNaN(pv[p][r])) {
                    nan[p]++;
                }
            }
        }
        t.addColumns(IntColumn.create("nan", nan));
        return t.setName("Spearman rho with " + accuracy + " among the best cells by " + accuracy + " ("
                + String.join("; ", ks) + "; all: " + String.format(Locale.ROOT, "%,d", defined) + ")");
    }

    /**
     * Precision at k of each proxy against {@code accuracy} for each k ({@link Precision#at}: the fraction of the
     * proxy's top k that is in the accuracy's top k; NaN scores last): {@code k | <proxy> ...}, a curve per proxy.
     */
    public static Table precisionCurve(Table table, String accuracy, int[] ks, String... proxies) {
        double[] acc = numbers(table, accuracy);
        Table t = Table.create("precision at k against " + accuracy + " over " + String.format(Locale.ROOT, "%,d",
                acc.length) + " cells (share of the proxy's top k in the top k by " + accuracy + ")",
                IntColumn.create("k", ks));
        int[] rank = Precision.trueRanks(acc);
        for (String p : proxies) {
            int[] order = Precision.ranking(numbers(table, p));
            double[] v = new double[ks.length];
            for (int i = 0; i < ks.length; i++) {
                v[i] = precisionAt(order, rank, ks[i]);
            }
            t.addColumns(DoubleColumn.create(p, v));
        }
        return t;
    }

    /**
     * The 2-D histogram of the ranks of {@code x} against the ranks of {@code y} over the pairs without a NaN
     * (average ranks, infinities at the ends), each rank scaled to (0, 1] and cut into {@code bins} equal bins:
     * {@code x_bin | y_bin | count}, bins * bins rows (x_bin-major), bin 0 the lowest ranks.
     */
    public static Table rankDensity(double[] x, double[] y, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        double[][] pairs = Correlation.completePairs(x, y);
        double[] cx = pairs[0];
        double[] cy = pairs[1];
        int n = cx.length;
        double[] rx = Ranks.average(cx);
        double[] ry = Ranks.average(cy);
        int[] counts = new int[bins * bins];
        for (int i = 0; i < n; i++) {
            counts[bin(rx[i], n, bins) * bins + bin(ry[i], n, bins)]++;
        }
        var xb = IntColumn.create("x_bin");
        var yb = IntColumn.create("y_bin");
        for (int a = 0; a < bins; a++) {
            for (int b = 0; b < bins; b++) {
                xb.append(a);
                yb.append(b);
            }
        }
        return Table.create(String.format(Locale.ROOT, "rank density, %d x %d bins over %,d pairs", bins, bins, n),
                xb, yb, IntColumn.create("count", counts));
    }

    /**
     * Each proxy's cost beside its ranking power: {@code proxy | seconds | abs_rho}, {@code seconds} from a timings
     * table ({@code proxy | mean_s}, as {@code ProxyJob.timings} gives) and |rho| from a correlation table
     * ({@code proxy | rho}), for the proxies in both, in the correlation table's order.
     */
    public static Table costBeside(Table timings, Table correlations) {
        var proxy = StringColumn.create("proxy");
        var seconds = DoubleColumn.create("seconds");
        var abs = DoubleColumn.create("abs_rho");
        StringColumn timed = timings.stringColumn("proxy");
        for (int r = 0; r < correlations.rowCount(); r++) {
            String p = correlations.stringColumn("proxy").get(r);
            int i = timed.indexOf(p);
            if (i >= 0) {
                proxy.append(p);
                seconds.append(((NumericColumn<?>) timings.column("mean_s")).getDouble(i));
                abs.append(Math.abs(correlations.doubleColumn("rho").get(r)));
            }
        }
        return Table.create("|rho| (" + correlations.name() + ") beside seconds per computed cell ("
                + timings.name() + ")", proxy, seconds, abs);
    }

    /** The rows of competition rank &lt;= k (ties at k all in), by accuracy, NaN accuracies never. */
    private static int[] top(int[] rank, double[] acc, int k) {
        return java.util.stream.IntStream.range(0, rank.length).filter(i -> !Double.isNaN(acc[i]) && rank[i] <= k)
                .toArray();
    }

    private static double precisionAt(int[] order, int[] trueRank, int k) {
        if (k < 1 || k > order.length) {
            throw new IllegalArgumentException("k = " + k + " is not in 1.." + order.length);
        }
        int common = 0;
        for (int i = 0; i < k; i++) {
            if (trueRank[order[i]] <= k) {
                common++;
            }
        }
        return (double) common / k;
    }

    private static int bin(double rank, int n, int bins) {
        return Math.min(bins - 1, (int) ((rank - 0.5) / n * bins));
    }

    private static double[] pick(double[] v, int[] rows) {
        return Arrays.stream(rows).mapToDouble(i -> v[i]).toArray();
    }

    private static String percent(double f) {
        double p = f * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
    }

    private static double[] numbers(Table table, String name) {
        Objects.requireNonNull(table, "table");
        if (!table.containsColumn(name)) {
            throw new IllegalArgumentException("column '" + name + "' is not in table '" + table.name()
                    + "'; its columns: " + String.join(", ", table.columnNames()));
        }
        Column<?> c = table.column(name);
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("column '" + name + "' of table '" + table.name() + "' is not numeric");
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.isMissing(i) ? Double.NaN : n.getDouble(i);
        }
        return v;
    }
}
