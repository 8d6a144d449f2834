package io.trainfree.eval;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.job.Json;
import io.trainfree.proxy.ArchSelection;
import io.trainfree.proxy.ComputedTables;
import io.trainfree.proxy.ProxyTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
    /**
     * The proxies of the study, in table order: GradAlign's placeholders, GradSign's lineage, the others, and the
     * parameter count as the baseline of size alone.
     */
    public static final List<String> PROXIES = List.of("gradalign_i", "gradalign_ii", "grad_conflict", "grad_angle",
            "grad_norm", "snip", "synflow", "naswot", "zen", "swap", "ntk", "linear_regions", "params");

    /** The proxies that read labels: computed on each dataset's own images, the rest on CIFAR-10 images only. */
    public static final List<String> LABELLED = List.of("gradalign_i", "gradalign_ii", "grad_conflict", "grad_angle",
            "grad_norm", "snip");

    /** The study's sample: {@code --sample 1000 --sample-seed 0}, the cells of every GradAlign table. */
    public static final int SAMPLE = 1000;

    private GradAlignStudy() {
    }

    /** The sample's benchmark indices, in sample order. */
    public static int[] cells() {
        return ArchSelection.sample(SAMPLE, 0, Nb201.SIZE);
    }

    /**
     * The committed tables' values on {@code cells}, by dataset id then proxy ({@link #PROXIES} order): on CIFAR-10
     * from {@code nb201-cifar10-gradalign}, {@code nb201-cifar10} and {@code nb201-cifar10-swap}; on CIFAR-100 and
     * ImageNet16-120 the {@link #LABELLED} proxies from {@code nb201-<dataset>-gradalign} (computed on that dataset's
     * images and labels), the others as on CIFAR-10.
     */
    public static Map<String, Map<String, double[]>> committedValues(int[] cells) {
        var cifar10 = List.of(ComputedTables.of("nb201-cifar10-gradalign"),
                ComputedTables.of(Dataset.CIFAR10),
                ComputedTables.of("nb201-cifar10-swap"));
        Map<String, double[]> base = values(cifar10, cells, PROXIES);
        var out = new LinkedHashMap<String, Map<String, double[]>>();
        for (var d : Dataset.values()) {
            if (d == Dataset.CIFAR10) {
                out.put(d.id(), base);
                continue;
            }
            var own = ComputedTables.of("nb201-" + d.id() + "-gradalign");
            Map<String, double[]> labelled = values(List.of(own), cells, LABELLED);
            var merged = new LinkedHashMap<String, double[]>();
            for (String p : PROXIES) {
                merged.put(p, labelled.getOrDefault(p, base.get(p)));
            }
            out.put(d.id(), merged);
        }
        return out;
    }

    /**
     * {@link #kendall(Map, Map)} where each dataset has its own proxy values ({@code byDataset}: dataset id, then
     * proxy, as {@link #committedValues}); rows in the first dataset's proxy order, columns in {@code truth}'s.
     */
    public static Table kendallByDataset(Map<String, Map<String, double[]>> byDataset, Map<String, double[]> truth) {
        var name = StringColumn.create("proxy");
        var cells = IntColumn.create("cells");
        List<DoubleColumn> columns = truth.keySet().stream().map(DoubleColumn::create).toList();
        for (String p : byDataset.values().iterator().next().keySet()) {
            name.append(p);
            cells.append((int) Arrays.stream(byDataset.values().iterator().next().get(p))
                    .filter(v -> !Double.isNaN(v)).count());
            int c = 0;
            for (var t : truth.entrySet()) {
                columns.get(c++).append(Correlation.kendall(forDataset(byDataset, t.getKey()).get(p), t.getValue()));
            }
        }
        Table table = Table.create("Kendall's tau with the test accuracy", name, cells);
        columns.forEach(table::addColumns);
        return Printing.fixed(table, 3);
    }

    private static Map<String, double[]> forDataset(Map<String, Map<String, double[]>> byDataset, String dataset) {
        var v = byDataset.get(dataset);
        if (v == null) {
            throw new IllegalArgumentException("no proxy values for dataset " + dataset + "; have " + byDataset
                    .keySet());
        }
        return v;
    }

    /**
     * Top-architecture selection, one row per proxy: for each dataset of {@code truth} and each k, the best ground
     * truth among the proxy's k highest-scored cells, each dataset ranked by its own values ({@code byDataset}, as
     * {@link #committedValues}); then, for scale, the best that k cells drawn at random reach on average
     * ({@link #expectedBestOfRandom}) and the sample's best.
     */
    public static Table topSelectionByDataset(Map<String, Map<String, double[]>> byDataset,
            Map<String, double[]> truth, int... ks) {
        var name = StringColumn.create("proxy");
        var columns = new LinkedHashMap<String, DoubleColumn>();
        for (String d : truth.keySet()) {
            for (int k : ks) {
                columns.put(d + "/" + k, DoubleColumn.create(d + " top" + k));
            }
        }
        for (String p : byDataset.values().iterator().next().keySet()) {
            name.append(p);
            for (var t : truth.entrySet()) {
                for (int k : ks) {
                    columns.get(t.getKey() + "/" + k).append(bestAmongTop(forDataset(byDataset, t.getKey()).get(p),
                            t.getValue(), k));
                }
            }
        }
        name.append("random (expected)");
        name.append("sample best");
        for (var t : truth.entrySet()) {
            double best = Arrays.stream(t.getValue()).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
            for (int k : ks) {
                columns.get(t.getKey() + "/" + k).append(expectedBestOfRandom(t.getValue(), k));
                columns.get(t.getKey() + "/" + k).append(best);
            }
        }
        Table table = Table.create("Top-architecture selection: best test accuracy (%) among each proxy's top k", name);
        columns.values().forEach(table::addColumns);
        return Printing.fixed(table, 3);
    }

    /**
     * The expected best of {@code k} values drawn at random without replacement from the defined values of
     * {@code truth}: with the n values in ascending order, the i-th (from 1) is the best of the draw with probability
     * C(i - 1, k - 1) / C(n, k).
     */
    public static double expectedBestOfRandom(double[] truth, int k) {
        double[] v = Arrays.stream(truth).filter(x -> !Double.isNaN(x)).sorted().toArray();
        int n = v.length;
        if (k < 1 || n == 0) {
            throw new IllegalArgumentException("k >= 1 and a defined value are needed, got k = " + k + " and " + n
                    + " values");
        }
        if (k >= n) {
            return v[n - 1];
        }
        double logAll = logChoose(n, k);
        double sum = 0;
        for (int i = k; i <= n; i++) {
            sum += v[i - 1] * Math.exp(logChoose(i - 1, k - 1) - logAll);
        }
        return sum;
    }

    private static double logChoose(int a, int b) {
        double s = 0;
        for (int j = 1; j <= b; j++) {
            s += Math.log((double) (a - b + j) / j);
        }
        return s;
    }

    /**
     * Seconds per cell of each proxy on each dataset, from the committed tables' sidecars ({@code seconds_mean}, a pass
     * shared by several proxies charged to the first that needs it: the per-sample backward passes to
     * {@code gradalign_i}, the loss pass to {@code grad_norm}); NaN where a table has no sidecar yet and for proxies
     * computed on CIFAR-10 only. One contended engine thread of the machine that computed them.
     */
    public static Table seconds() {
        var name = StringColumn.create("proxy");
        var table = StringColumn.create("tables");
        List<DoubleColumn> columns = new ArrayList<>();
        var sidecars = new LinkedHashMap<String, Map<String, Object>>();
        for (var d : Dataset.values()) {
            columns.add(DoubleColumn.create(d.id() + "_s"));
        }
        for (String p : PROXIES) {
            name.append(p);
            table.append(source(p) + (LABELLED.contains(p) ? "; nb201-<dataset>-gradalign" : ""));
            int c = 0;
            for (var d : Dataset.values()) {
                String t = d == Dataset.CIFAR10 ? source(p)
                        : LABELLED.contains(p) ? "nb201-" + d.id() + "-gradalign" : null;
                columns.get(c++).append(t == null ? Double.NaN
                        : secondsOf(sidecars.computeIfAbsent(t, GradAlignStudy::sidecar), p));
            }
        }
        Table out = Table.create("Seconds per cell (shared passes charged to the first proxy needing them)", name,
                table);
        columns.forEach(out::addColumns);
        return Printing.fixed(out, 4);
    }

    private static String source(String proxy) {
        return switch (proxy) {
            case "swap" -> "nb201-cifar10-swap";
            case "grad_norm", "snip", "synflow", "naswot", "zen", "params" -> "nb201-cifar10";
            default -> "nb201-cifar10-gradalign";
        };
    }

    private static Map<String, Object> sidecar(String table) {
        var file = Path.of(ComputedTables.path(table) + ".json");
        return Files.isRegularFile(file) ? Json.readMap(file) : Map.of();
    }

    private static double secondsOf(Map<String, Object> sidecar, String proxy) {
        return sidecar.get("seconds_mean") instanceof Map<?, ?> m && m.get(proxy) instanceof Number n
                ? n.doubleValue() : Double.NaN;
    }

    /**
     * Each proxy's values on {@code cells} (benchmark indices), from the first of {@code tables} that has the proxy
     * (NaN where that table has no row for a cell).
     *
     * @throws IllegalArgumentException naming a proxy no table has
     */
    public static Map<String, double[]> values(List<ProxyTable> tables, int[] cells,
            List<String> proxies) {
        var out = new LinkedHashMap<String, double[]>();
        for (String p : proxies) {
            var table = tables.stream().filter(t -> t.proxies().contains(p)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no table has proxy " + p));
            double[] all = table.values(p);
            out.put(p, Arrays.stream(cells).mapToDouble(i -> all[i]).toArray());
        }
        return out;
    }

    /** The 200-epoch test accuracy of {@code cells} on each NB201 dataset, by dataset id. */
    public static Map<String, double[]> testAccuracy(Nb201 nb201, int[] cells) {
        var out = new LinkedHashMap<String, double[]>();
        for (var d : Dataset.values()) {
            double[] all = nb201.values(d, Metric.TEST_ACCURACY);
            out.put(d.id(), Arrays.stream(cells).mapToDouble(i -> all[i]).toArray());
        }
        return out;
    }

    /**
     * The CIFAR-10 parameter count (millions) of {@code cells}, keyed {@code params}: to rank each proxy against size
     * with {@link #kendall(Map, Map)}, since a score summed over weights grows with the network.
     */
    public static Map<String, double[]> params(Nb201 nb201, int[] cells) {
        double[] all = nb201.values(Dataset.CIFAR10, Metric.PARAMS);
        return Map.of("params", Arrays.stream(cells).mapToDouble(i -> all[i]).toArray());
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
                    mean.append(SampleStats.mean(g));
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
