package io.trainfree.eval;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.proxy.Swap;
import io.trainfree.proxy.SwapReg;
import java.util.Arrays;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Spearman's rho of regularised SWAP ({@link SwapReg}, as log &Psi;&prime;) with a benchmark metric over a grid of
 * &mu; and &sigma;, from a table that has {@code swap} and {@code params} for each cell: the regulariser needs no
 * network, so a grid costs no more than ranking. The paper gives no &mu;, &sigma; for its NAS-Bench-201 correlations
 * (docs/swap.md §2); this shows which ones reach them. Choosing them by the rho they reach is choosing them with the
 * benchmark's accuracies, which a search cannot do.
 *
 * <pre>{@code
 * var sweep = SwapRegSweep.of(ComputedTables.of("nb201-cifar10-swap"), nb201, Dataset.CIFAR100,
 *         Metric.TEST_ACCURACY, new double[] {200, 600, 1000}, new double[] {1e4, 1e6});
 * sweep.table();  // mu_k | sigma_10000 | sigma_1000000
 * sweep.best();   // the grid point with the highest rho
 * }</pre>
 */
public final class SwapRegSweep {
    /** A point of the grid and the rho it reaches. */
    public record Point(double muK, double sigma, double rho) {
        @Override
        public String toString() {
            return String.format("mu %s K, sigma %s: rho %.4f", number(muK), number(sigma), rho);
        }
    }

    private final double[] musK;
    private final double[] sigmas;
    private final double[][] rho;
    private final double swapRho;
    private final int n;
    private final String title;

    private SwapRegSweep(double[] musK, double[] sigmas, double[][] rho, double swapRho, int n, String title) {
        this.musK = musK;
        this.sigmas = sigmas;
        this.rho = rho;
        this.swapRho = swapRho;
        this.n = n;
        this.title = title;
    }

    /**
     * The sweep over a proxy table's rows, against {@code metric} on {@code dataset}; &Theta; is the table's
     * {@code params} (millions, the benchmark's count for the table's dataset) times 1000.
     *
     * @throws IllegalArgumentException if the table lacks {@code swap} or {@code params}, or a row's arch is not the
     *                                  benchmark's cell at its index
     */
    public static SwapRegSweep of(ProxyTable table, Nb201 nb201, Dataset dataset, Metric metric, double[] musK,
            double[] sigmas) {
        double[] psi = table.column("swap");
        double[] thetaK = Arrays.stream(table.column("params")).map(p -> p * 1e3).toArray();
        double[] y = ProxyCorrelations.withBenchmark(table, nb201, metric, dataset).doubleColumn(metric.id())
                .asDoubleArray();
        return of(psi, thetaK, y, musK, sigmas, "rho of log swap_reg, " + metric.id() + " on " + dataset.id());
    }

    /**
     * The sweep over given values: SWAP scores, &Theta; in thousands and the metric, one per cell; NaN pairs are
     * omitted.
     */
    public static SwapRegSweep of(double[] psi, double[] thetaK, double[] metric, double[] musK, double[] sigmas,
            String title) {
        Objects.requireNonNull(title, "title");
        if (psi.length != thetaK.length || psi.length != metric.length) {
            throw new IllegalArgumentException("one swap, params and metric value per cell: got " + psi.length
                    + ", " + thetaK.length + " and " + metric.length);
        }
        if (musK.length == 0 || sigmas.length == 0) {
            throw new IllegalArgumentException("the grid needs at least one mu and one sigma");
        }
        var rho = new double[musK.length][sigmas.length];
        var scores = new double[psi.length];
        for (int i = 0; i < musK.length; i++) {
            for (int j = 0; j < sigmas.length; j++) {
                var reg = new SwapReg(new Swap(), musK[i], sigmas[j], true); // log: ranks as Psi', never underflows
                for (int c = 0; c < psi.length; c++) {
                    scores[c] = reg.score(psi[c], thetaK[c]);
                }
                rho[i][j] = Correlation.spearman(scores, metric);
            }
        }
        Correlation alone = Correlation.of(psi, metric);
        return new SwapRegSweep(musK.clone(), sigmas.clone(), rho, alone.spearman(), alone.n(), title);
    }

    /** rho at grid point ({@code mu index}, {@code sigma index}). */
    public double rho(int mu, int sigma) {
        return rho[mu][sigma];
    }

    /** Spearman's rho of SWAP alone, unregularised, over the same cells. */
    public double swapRho() {
        return swapRho;
    }

    /** Cells with both a SWAP value and the metric. */
    public int n() {
        return n;
    }

    /** {@code mu_k} and one column of rho per sigma ({@link #sigmaColumns()}), a row per mu. */
    public Table table() {
        var table = Table.create(title + " (swap alone " + String.format("%.3f", swapRho) + ")",
                DoubleColumn.create("mu_k", musK));
        String[] names = sigmaColumns();
        for (int j = 0; j < sigmas.length; j++) {
            double[] column = new double[musK.length];
            for (int i = 0; i < musK.length; i++) {
                column[i] = rho[i][j];
            }
            table.addColumns(DoubleColumn.create(names[j], column));
        }
        return table;
    }

    /** The names of {@link #table()}'s sigma columns, {@code sigma_<value>}: for a line chart over mu. */
    public String[] sigmaColumns() {
        return Arrays.stream(sigmas).mapToObj(s -> "sigma_" + number(s)).toArray(String[]::new);
    }

    /** The grid point with the highest rho (the first in mu, then sigma order on a tie); NaN rho never wins. */
    public Point best() {
        Point best = null;
        for (int i = 0; i < musK.length; i++) {
            for (int j = 0; j < sigmas.length; j++) {
                if (!Double.isNaN(rho[i][j]) && (best == null || rho[i][j] > best.rho())) {
                    best = new Point(musK[i], sigmas[j], rho[i][j]);
                }
            }
        }
        return best != null ? best : new Point(Double.NaN, Double.NaN, Double.NaN);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return String.format("%s over %,d cells: best %s; swap alone %.4f", title, n, best(), swapRho);
    }
}
