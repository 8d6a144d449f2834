package io.trainfree.eval;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.proxy.ProxyTable;
import io.trainfree.space.Nb201Arch;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A {@link ProxyTable} beside the benchmark: its rows joined with benchmark metrics, Spearman's rho and Kendall's tau
 * of each proxy with a metric, and its agreement with the values NAS-Bench-Suite-Zero publishes. Every method first
 * checks the table's arch strings against the benchmark's index order.
 *
 * {@snippet :
 * var t = ComputedTables.of(Dataset.CIFAR10);
 * // proxy | rho | ci_low | ci_high | kendall | n | nan | inf
 * ProxyCorrelations.spearman(t, Nb201.load(), Dataset.CIFAR10, Metric.TEST_ACCURACY);
 * }
 */
public final class ProxyCorrelations {
    /** The level of every interval in these tables: 95 %. */
    public static final double LEVEL = 0.95;

    private ProxyCorrelations() {
    }

    /**
     * A table's {@link ProxyTable#toTable()} with benchmark columns added by index, named {@code <metric>} for one
     * dataset or {@code <metric>_<dataset>} for several (say the proxies beside each dataset's test accuracy, for a
     * scatter).
     */
    public static Table withBenchmark(ProxyTable table, Nb201 nb201, Metric metric, Dataset... datasets) {
        checkArchs(table, nb201);
        Table t = table.toTable();
        for (Dataset d : datasets) {
            double[] all = nb201.values(d, metric);
            t.addColumns(DoubleColumn.create(datasets.length == 1 ? metric.id() : metric.id() + "_" + d.id(),
                    table.rows().stream().mapToDouble(r -> all[r.index()]).toArray()));
        }
        return t;
    }

    /**
     * Spearman's rho of each proxy with a benchmark metric on several datasets, side by side: {@code proxy} and one
     * column per dataset (the proxies as computed, whatever data they were computed on), then {@code nan}, the cells
     * whose proxy value is NaN (left out; infinities are ranked, as {@link #spearman}).
     */
    public static Table spearmanAcross(ProxyTable table, Nb201 nb201, Metric metric, Dataset... datasets) {
        checkArchs(table, nb201);
        Table t = Table.create("Spearman with " + metric.id(), StringColumn.create("proxy", table.proxies()));
        for (Dataset d : datasets) {
            double[] all = nb201.values(d, metric);
            double[] y = table.rows().stream().mapToDouble(r -> all[r.index()]).toArray();
            t.addColumns(DoubleColumn.create(d.id(), table.proxies().stream()
                    .mapToDouble(p -> Correlation.spearman(table.column(p), y)).toArray()));
        }
        t.addColumns(IntColumn.create("nan", table.proxies().stream()
                .mapToInt(p -> (int) Arrays.stream(table.column(p)).filter(Double::isNaN).count()).toArray()));
        return t;
    }

    /**
     * Spearman's rho and Kendall's tau of each proxy with a benchmark metric over the table's rows: {@code proxy | rho
     * | ci_low | ci_high | kendall | n | nan | inf}, the interval {@link Correlation#interval 95 % Fisher-z}, pairs
     * with a NaN left out and counted in {@code nan}, pairs with an infinity ranked at the ends and counted in
     * {@code inf} ({@link Correlation}'s policy). The table's arch strings are checked against the benchmark's index
     * order first.
     *
     * @throws IllegalArgumentException if a row's arch is not the benchmark's cell at its index
     */
    public static Table spearman(ProxyTable table, Nb201 nb201, Dataset dataset, Metric metric) {
        checkArchs(table, nb201);
        double[] all = nb201.values(dataset, metric);
        double[] y = table.rows().stream().mapToDouble(r -> all[r.index()]).toArray();
        var result = correlationTable("Spearman with " + metric.id() + " on " + dataset.id());
        for (String p : table.proxies()) {
            addCorrelation(result, p, table.column(p), y);
        }
        return result;
    }

    /**
     * How our values agree with the ones NAS-Bench-Suite-Zero publishes for the same proxy, architecture by
     * architecture: {@code proxy | published | rho | ci_low | ci_high | kendall | n | nan | inf} (NaN pairs left out,
     * infinities ranked, as {@link #spearman}) for each
     * proxy with a published counterpart for the dataset ({@link #publishedMetric(String)}) whose file is present.
     * NASLib's failure marker {@code -1e8} counts as missing.
     */
    public static Table publishedAgreement(ProxyTable table, Nb201 nb201, Dataset dataset) {
        checkArchs(table, nb201);
        var result = correlationTable("agreement with NAS-Bench-Suite-Zero on " + dataset.id());
        var published = StringColumn.create("published");
        result.insertColumn(1, published);
        for (String p : table.proxies()) {
            Optional<Metric> m = suiteZeroMetric(nb201, dataset, p);
            if (m.isPresent()) {
                published.append(m.get().id());
                addCorrelation(result, p, table.column(p), suiteZeroValues(table, nb201, dataset, m.get()));
            }
        }
        return result;
    }

    /**
     * Ranking power of our values and of NAS-Bench-Suite-Zero's for the same proxy on the same cells: Spearman's rho
     * of each with a benchmark metric over the rows where ours, theirs and the metric all exist, {@code proxy |
     * published | ours | suite_zero | difference | n}, for each proxy Suite-Zero publishes for the dataset. Equal
     * columns mean that a gap to a paper's figure comes from the cells or the run it was measured on, not from how
     * the proxy is computed here.
     */
    public static Table spearmanBesideSuiteZero(ProxyTable table, Nb201 nb201, Dataset dataset, Metric metric) {
        checkArchs(table, nb201);
        double[] all = nb201.values(dataset, metric);
        double[] y = table.rows().stream().mapToDouble(r -> all[r.index()]).toArray();
        Table t = Table.create("Spearman with " + metric.id() + " on " + dataset.id()
                + ", ours and NAS-Bench-Suite-Zero's on the same cells", StringColumn.create("proxy"),
                StringColumn.create("published"), DoubleColumn.create("ours"), DoubleColumn.create("suite_zero"),
                DoubleColumn.create("difference"), IntColumn.create("n"));
        for (String p : table.proxies()) {
            Optional<Metric> m = suiteZeroMetric(nb201, dataset, p);
            if (m.isEmpty()) {
                continue;
            }
            double[] ours = table.column(p);
            double[] theirs = suiteZeroValues(table, nb201, dataset, m.get());
            int[] both = IntStream.range(0, table.rowCount())
                    .filter(i -> !Double.isNaN(ours[i]) && !Double.isNaN(theirs[i]) && !Double.isNaN(y[i])).toArray();
            double[] yBoth = Arrays.stream(both).mapToDouble(i -> y[i]).toArray();
            double rhoOurs = Correlation.spearman(Arrays.stream(both).mapToDouble(i -> ours[i]).toArray(), yBoth);
            double rhoTheirs = Correlation.spearman(Arrays.stream(both).mapToDouble(i -> theirs[i]).toArray(), yBoth);
            t.stringColumn("proxy").append(p);
            t.stringColumn("published").append(m.get().id());
            t.doubleColumn("ours").append(rhoOurs);
            t.doubleColumn("suite_zero").append(rhoTheirs);
            t.doubleColumn("difference").append(rhoOurs - rhoTheirs);
            t.intColumn("n").append(both.length);
        }
        return t;
    }

    private static Optional<Metric> suiteZeroMetric(Nb201 nb201, Dataset dataset, String proxy) {
        return publishedMetric(proxy).filter(x -> nb201.available(dataset).contains(x));
    }

    /** Suite-Zero's values for the table's rows, NASLib's failure marker {@code -1e8} as NaN. */
    private static double[] suiteZeroValues(ProxyTable table, Nb201 nb201, Dataset dataset, Metric metric) {
        double[] all = nb201.values(dataset, metric);
        return table.rows().stream().mapToDouble(r -> all[r.index()]).map(v -> v == -1e8 ? Double.NaN : v)
                .toArray();
    }

    /**
     * The NAS-Bench-Suite-Zero column holding the same proxy as ours, if it publishes one: our ids are the
     * zero-cost reference's, Suite-Zero renames two ({@code jacob_cov} is its {@code jacov}, {@code naswot} its
     * {@code nwot}) and its {@code params}/{@code flops} are {@link Metric#ZC_PARAMS}/{@link Metric#ZC_FLOPS}.
     */
    public static Optional<Metric> publishedMetric(String proxy) {
        return switch (proxy) {
            case "jacob_cov" -> Optional.of(Metric.JACOV);
            case "naswot" -> Optional.of(Metric.NWOT);
            case "params" -> Optional.of(Metric.ZC_PARAMS);
            case "flops" -> Optional.of(Metric.ZC_FLOPS);
            default -> Metric.ofKind(Metric.Kind.PROXY).stream().filter(m -> m.id().equals(proxy)).findFirst();
        };
    }

    private static Table correlationTable(String name) {
        return Table.create(name, StringColumn.create("proxy"), DoubleColumn.create("rho"),
                DoubleColumn.create("ci_low"), DoubleColumn.create("ci_high"), DoubleColumn.create("kendall"),
                IntColumn.create("n"), IntColumn.create("nan"), IntColumn.create("inf"));
    }

    private static void addCorrelation(Table t, String proxy, double[] x, double[] y) {
        Correlation c = Correlation.of(x, y);
        double[] ci = c.interval(LEVEL);
        t.stringColumn("proxy").append(proxy);
        t.doubleColumn("rho").append(c.spearman());
        t.doubleColumn("ci_low").append(ci[0]);
        t.doubleColumn("ci_high").append(ci[1]);
        t.doubleColumn("kendall").append(c.kendall());
        t.intColumn("n").append(c.n());
        t.intColumn("nan").append(c.omitted());
        t.intColumn("inf").append(Correlation.infinite(x, y));
    }

    private static void checkArchs(ProxyTable table, Nb201 nb201) {
        for (ProxyTable.Row r : table.rows()) {
            Nb201Arch there = nb201.space().arch(r.index());
            if (!there.equals(r.arch())) {
                throw new IllegalArgumentException("index " + r.index() + " is " + there + " in NAS-Bench-201, the "
                        + "proxy table has " + r.arch() + " (a table of another index order?)");
            }
        }
    }
}
