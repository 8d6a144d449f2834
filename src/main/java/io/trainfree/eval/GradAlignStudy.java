package io.trainfree.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The GradAlign study's tables (issue 18; docs/gradalign.md): on one sample of cells, every proxy's Kendall tau with
 * each dataset's test accuracy, and top-architecture selection (the test accuracy of the best cell among each proxy's
 * top k). Values come in as arrays aligned with the sample (NaN where a proxy is undefined); the caller joins the
 * proxy tables.
 */
public final class GradAlignStudy {
    /** The proxies of the study, in table order: GradAlign's placeholders, GradSign's lineage, then the others. */
    public static final List<String> PROXIES = List.of("gradalign_i", "gradalign_ii", "grad_conflict", "grad_angle",
            "grad_norm", "snip", "synflow", "naswot", "zen", "swap", "ntk", "linear_regions");

    private GradAlignStudy() {
    }

    /**
     * Each proxy's values on {@code cells} (benchmark indices), from the first of {@code tables} that has the proxy
     * (NaN where that table has no row for a cell).
     *
     * @throws IllegalArgumentException naming a proxy no table has
     */
    public static Map<String, double[]> values(List<io.trainfree.proxy.ProxyTable> tables, int[] cells,
            List<String> proxies) {
        var out = new java.util.LinkedHashMap<String, double[]>();
        for (String p : proxies) {
            var table = tables.stream().filter(t -> t.proxies().contains(p)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no table has proxy " + p));
            double[] all = table.values(p);
            out.put(p, Arrays.stream(cells).mapToDouble(i -> all[i]).toArray());
        }
        return out;
    }

    /** The 200-epoch test accuracy of {@code cells} on each NB201 dataset, by dataset id. */
    public static Map<String, double[]> testAccuracy(io.trainfree.bench.Nb201 nb201, int[] cells) {
        var out = new java.util.LinkedHashMap<String, double[]>();
        for (var d : io.trainfree.data.Dataset.values()) {
            double[] all = nb201.values(d, io.trainfree.bench.Metric.TEST_ACCURACY);
            out.put(d.id(), Arrays.stream(cells).mapToDouble(i -> all[i]).toArray());
        }
        return out;
    }

    /**
     * Kendall's tau-b of each proxy with each dataset's ground truth, over the cells where both are defined.
     *
     * @param proxies proxy name to its values, in the order of the table's rows
     * @param truth   dataset name to the ground truth, in the order of the table's columns
     */
    public static Table kendall(Map<String, double[]> proxies, Map<String, double[]> truth) {
        var name = StringColumn.create("proxy");
        var cells = IntColumn.create("cells");
        List<DoubleColumn> columns = truth.keySet().stream().map(DoubleColumn::create).toList();
        for (var p : proxies.entrySet()) {
            name.append(p.getKey());
            cells.append((int) Arrays.stream(p.getValue()).filter(v -> !Double.isNaN(v)).count());
            int c = 0;
            for (double[] t : truth.values()) {
                columns.get(c++).append(Correlation.kendall(p.getValue(), t));
            }
        }
        Table table = Table.create("Kendall's tau with the test accuracy", name, cells);
        columns.forEach(table::addColumns);
        return Printing.fixed(table, 3);
    }

    /**
     * Top-architecture selection: for each proxy, dataset and k, the best ground truth among the proxy's k
     * highest-scored cells (NaN scores last); the sample's best and mean for scale.
     */
    public static Table topSelection(Map<String, double[]> proxies, Map<String, double[]> truth, int... ks) {
        var name = StringColumn.create("proxy");
        var dataset = StringColumn.create("dataset");
        var k = IntColumn.create("top_k");
        var found = DoubleColumn.create("best_test_accuracy");
        var best = DoubleColumn.create("sample_best");
        var mean = DoubleColumn.create("sample_mean");
        for (var p : proxies.entrySet()) {
            for (var t : truth.entrySet()) {
                double[] g = t.getValue();
                for (int top : ks) {
                    name.append(p.getKey());
                    dataset.append(t.getKey());
                    k.append(top);
                    found.append(bestAmongTop(p.getValue(), g, top));
                    best.append(Arrays.stream(g).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN));
                    mean.append(Arrays.stream(g).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN));
                }
            }
        }
        return Printing.fixed(Table.create("Top-architecture selection: best test accuracy among each proxy's top k",
                name, dataset, k, found, best, mean), 3);
    }

    /** The best of {@code truth} among the {@code k} cells highest in {@code score} (NaN scores never chosen). */
    static double bestAmongTop(double[] score, double[] truth, int k) {
        if (score.length != truth.length || k < 1) {
            throw new IllegalArgumentException("one score per cell and k >= 1: " + score.length + " scores, "
                    + truth.length + " values, k = " + k);
        }
        return IntStream.range(0, score.length).filter(i -> !Double.isNaN(score[i])).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparingInt(i -> i)).limit(k)
                .mapToDouble(i -> truth[i]).max().orElse(Double.NaN);
    }
}
