package io.trainfree.eval;

import io.trainfree.data.DataResolver;
import io.trainfree.predict.EncoderSpec;
import io.trainfree.predict.LowFidelity;
import io.trainfree.predict.Manner;
import io.trainfree.predict.NeuralPredictor;
import io.trainfree.predict.Pretrained;
import io.trainfree.predict.TrainingOptions;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * What a DELE gate learned: the mean weight it gives each expert, over all cells and per group of cells (by the
 * cell's true accuracy band, by its number of convolutions). A gate that weights experts alike everywhere is a static
 * ensemble; differences between groups are what the "dynamic" of DELE buys.
 */
public final class GateWeights {
    /** Accuracy bands by rank of the true accuracy: top 1 %, 1-10 %, 10-50 %, 50-90 %, bottom 10 %. */
    private static final double[] BAND_EDGES = {0, 0.01, 0.10, 0.50, 0.90, 1.0};
    private static final String[] BAND_NAMES = {"top 1%", "1-10%", "10-50%", "50-90%", "bottom 10%"};

    private GateWeights() {
    }

    /**
     * One row per group: its kind ({@code all}, {@code accuracy band}, {@code convolutions}), its name, the cells in
     * it and the mean weight of each expert (a column per expert, named as the expert); a last row ({@code spread})
     * holds each expert's standard deviation over single cells.
     *
     * @param weights  per cell, the gate's weights over the experts (rows sum to 1)
     * @param experts  the experts' names, in the weights' column order
     * @param archs    the cells, in the weights' row order
     * @param accuracy each cell's true accuracy (higher is better)
     */
    public static Table summary(double[][] weights, List<String> experts, List<Nb201Arch> archs, double[] accuracy) {
        int n = weights.length;
        if (archs.size() != n || accuracy.length != n) {
            throw new IllegalArgumentException("gate weights for " + n + " cells, " + archs.size() + " cells and "
                    + accuracy.length + " accuracies");
        }
        var kind = StringColumn.create("group_kind");
        var group = StringColumn.create("group");
        var cells = IntColumn.create("cells");
        List<DoubleColumn> means = new ArrayList<>();
        for (String e : experts) {
            means.add(DoubleColumn.create(e));
        }
        var rows = new Object() {
            void add(String k, String g, IntPredicate member) {
                double[] sum = new double[experts.size()];
                int count = 0;
                for (int i = 0; i < n; i++) {
                    if (member.test(i)) {
                        count++;
                        for (int e = 0; e < sum.length; e++) {
                            sum[e] += weights[i][e];
                        }
                    }
                }
                if (count == 0) {
                    return;
                }
                kind.append(k);
                group.append(g);
                cells.append(count);
                for (int e = 0; e < sum.length; e++) {
                    means.get(e).append(sum[e] / count);
                }
            }
        };
        rows.add("all", "all", i -> true);
        int[] rank = ranksDescending(accuracy);
        for (int b = 0; b < BAND_NAMES.length; b++) {
            int lo = (int) Math.round(BAND_EDGES[b] * n);
            int hi = (int) Math.round(BAND_EDGES[b + 1] * n);
            rows.add("accuracy band", BAND_NAMES[b], i -> rank[i] >= lo && rank[i] < hi);
        }
        for (int c = 0; c <= Nb201Arch.EDGES; c++) {
            int convs = c;
            rows.add("convolutions", Integer.toString(c), i -> convolutions(archs.get(i)) == convs);
        }
        // how far single cells stray from the mean: near zero means the gate acts as a static ensemble
        kind.append("spread");
        group.append("std over cells");
        cells.append(n);
        for (int e = 0; e < experts.size(); e++) {
            double mean = means.get(e).get(0);
            double ss = 0;
            for (double[] row : weights) {
                ss += (row[e] - mean) * (row[e] - mean);
            }
            means.get(e).append(Math.sqrt(ss / Math.max(1, n - 1)));
        }
        Table t = Table.create("mean gate weight per expert", kind, group, cells);
        means.forEach(t::addColumns);
        return Printing.fixed(t, 5);
    }

    /**
     * The {@link #summary} of a DELE gate before any training step (its initialisation under seed 0): what step 2
     * starts from, to compare a trained gate with.
     *
     * @param experts the experts' names (only their number matters to an untrained gate)
     */
    public static Table untrained(EncoderSpec encoder, List<String> experts, List<Nb201Arch> archs,
            double[] accuracy) {
        // zero epochs: step 1 and step 2 only build the model and its state; the labels are never used
        double[][] columns = new double[experts.size()][archs.size()];
        for (double[] c : columns) {
            Arrays.setAll(c, i -> i);
        }
        try (var p = NeuralPredictor.of(encoder, Manner.DELE, new TrainingOptions(0).withEpochs(0, 0))) {
            Pretrained state = p.pretrain(archs, LowFidelity.ofColumns(experts, columns));
            p.fit(state, archs, columns[0]);
            return summary(p.gateWeights(archs), experts, archs, accuracy);
        }
    }

    /** A summary that {@code trainfree dele gate} wrote, under the data roots ({@code dele/...-weights-1pct.csv}). */
    public static Table load(String relative) {
        var resolver = DataResolver.standard();
        Path file = resolver.find(relative).orElseThrow(() -> new IllegalStateException("no " + relative + " under "
                + resolver.roots() + "; trainfree dele gate writes it"));
        try {
            var options = CsvReadOptions.builder(file.toFile()).tableName(relative).build();
            return Printing.fixed(Table.read().csv(options), 5);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + file + " as a gate-weight summary: " + e.getMessage(), e);
        }
    }

    /**
     * Several summaries side by side, one row per expert: the mean weight over all cells and the standard deviation
     * over single cells of each, a pair of columns per label ({@code 1%}, {@code 1% std}).
     */
    public static Table overall(Map<String, Table> summaries) {
        var expert = StringColumn.create("expert");
        Table first = summaries.values().iterator().next();
        List<String> experts = first.columnNames().subList(3, first.columnCount());
        experts.forEach(expert::append);
        Table out = Table.create("mean gate weight per expert over all cells", expert);
        summaries.forEach((label, t) -> {
            var mean = DoubleColumn.create(label);
            var spread = DoubleColumn.create(label + " std");
            int all = t.stringColumn("group_kind").indexOf("all");
            int sd = t.stringColumn("group_kind").indexOf("spread");
            for (String e : experts) {
                mean.append(t.numberColumn(e).getDouble(all));
                spread.append(t.numberColumn(e).getDouble(sd));
            }
            out.addColumns(mean, spread);
        });
        return Printing.fixed(out, 5);
    }

    /** 3x3 and 1x1 convolutions in a cell, 0 to 6. */
    static int convolutions(Nb201Arch a) {
        return a.count(Nb201Op.NOR_CONV_3X3) + a.count(Nb201Op.NOR_CONV_1X1);
    }

    /** Each value's position when sorted from high to low, 0 for the highest (ties in index order). */
    private static int[] ranksDescending(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[b], v[a]));
        int[] rank = new int[v.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }

    /** The summary's name for a table's title: which predictor the weights are from. */
    public static String title(String encoder, double ratio, long seed) {
        return String.format(Locale.ROOT, "mean gate weight per expert (DELE-%s, %s%% of the training half, seed %d)",
                encoder, DeleStudy.percent(ratio), seed);
    }
}
