package io.trainfree.search;

import io.trainfree.bench.Benchmark;
import io.trainfree.bench.Metric;
import io.trainfree.bench.Tnb101;
import io.trainfree.bench.Tnb101Task;
import io.trainfree.proxy.ProxyTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Training-free metrics of every architecture of a space, the input of RoBoT: metric names in the caller's order
 * (RoBoT sums weighted scores in this order) and, per metric, one value per architecture index, NaN where unknown.
 * Higher is taken as better, as RoBoT does (its weights may be negative, so a metric where lower is better still
 * helps).
 *
 * @param source where the values come from (for tables and messages)
 * @param names  metric names, unique
 * @param values {@code values[m][i]}: metric {@code m} of architecture {@code i}
 */
public record ProxyMetrics(String source, List<String> names, double[][] values) {
    public ProxyMetrics {
        Objects.requireNonNull(source, "source");
        names = List.copyOf(names);
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("metric names repeat: " + names);
        }
        if (values.length != names.size()) {
            throw new IllegalArgumentException(values.length + " value arrays for " + names.size() + " metrics "
                    + names);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no metrics");
        }
        double[][] copy = new double[values.length][];
        for (int m = 0; m < values.length; m++) {
            if (values[m].length != values[0].length) {
                throw new IllegalArgumentException("metric " + names.get(m) + " has " + values[m].length
                        + " values, " + names.get(0) + " has " + values[0].length);
            }
            copy[m] = values[m].clone();
        }
        values = copy;
    }

    /**
     * Metrics from a computed proxy table (any subset of the space; architectures it lacks get NaN), in the order
     * given (default: the table's).
     *
     * @param spaceSize the number of architectures of the space
     */
    public static ProxyMetrics of(ProxyTable table, int spaceSize, String... names) {
        List<String> chosen = names.length == 0 ? table.proxies() : List.of(names);
        double[][] v = new double[chosen.size()][spaceSize];
        int[] indices = table.indices();
        for (int m = 0; m < chosen.size(); m++) {
            Arrays.fill(v[m], Double.NaN);
            double[] column = table.column(chosen.get(m));
            for (int r = 0; r < indices.length; r++) {
                if (indices[r] >= spaceSize) {
                    throw new IllegalArgumentException("the proxy table has index " + indices[r] + ", the space only "
                            + spaceSize + " architectures");
                }
                v[m][indices[r]] = column[r];
            }
        }
        return new ProxyMetrics("computed table (" + table.rowCount() + " rows)", chosen, v);
    }

    /**
     * A benchmark's published proxies for a task, named by the metrics' ids ({@code grad_norm}, {@code jacov}, ...),
     * as the files have them (NASLib's -1e8 failure markers are kept: RoBoT's reference keeps them too).
     */
    public static <A, T> ProxyMetrics published(Benchmark<A, T> bench, T task, Metric... metrics) {
        var names = new ArrayList<String>();
        double[][] v = new double[metrics.length][];
        for (int m = 0; m < metrics.length; m++) {
            if (!bench.metrics(task).contains(metrics[m])) {
                throw new IllegalArgumentException(bench.name() + " publishes no " + metrics[m].id() + " for " + task
                        + "; it has " + bench.metrics(task));
            }
            names.add(metrics[m].id());
            v[m] = bench.values(task, metrics[m]);
        }
        return new ProxyMetrics(bench.name() + " " + task + " published", names, v);
    }

    /**
     * The metrics {@code search_tnb101.py} uses by default, in its order: {@code grad_norm, snip, grasp, fisher,
     * synflow, jacov} (docs/robot.md §5).
     */
    public static final List<Metric> TNB101_OFFICIAL = List.of(Metric.GRAD_NORM, Metric.SNIP, Metric.GRASP,
            Metric.FISHER, Metric.SYNFLOW, Metric.JACOV);

    /**
     * The metrics {@link #tnb101} draws from, in summation order: the official six, then {@code zen} and
     * {@code epe_nas}, the two other proxies NASLib released for TransNAS-Bench-101.
     */
    public static final List<Metric> TNB101_CANDIDATES = List.of(Metric.GRAD_NORM, Metric.SNIP, Metric.GRASP,
            Metric.FISHER, Metric.SYNFLOW, Metric.JACOV, Metric.ZEN, Metric.EPE_NAS);

    /** The tasks for which the reference code removes synflow from its list (docs/robot.md §5 and §10.13). */
    private static final Set<Tnb101Task> NO_SYNFLOW = Set.of(Tnb101Task.SEGMENTSEMANTIC, Tnb101Task.NORMAL,
            Tnb101Task.AUTOENCODER);

    /**
     * RoBoT's metrics for a TransNAS-Bench-101 task, as far as the released file has them: every metric of
     * {@link #TNB101_CANDIDATES} the bench publishes for the task, in that order, except synflow on
     * segmentsemantic, normal and autoencoder, which the reference code drops there. The reference reads
     * {@code zc_transbench101_{micro,macro}.json} with all six official metrics, which is not available (docs/robot.md
     * §0); the released CSVs carry zen, synflow, epe_nas and fisher only, and for some tasks zen alone, so the official
     * list is filled up with zen and epe_nas rather than leaving RoBoT one or two metrics to weigh. What the task lacks
     * of the official list is {@link #tnb101Lacking}. NASLib's -1e8 failure markers are kept, as the reference keeps
     * them.
     *
     * @throws IllegalArgumentException if the bench publishes none of the candidates for the task
     */
    public static ProxyMetrics tnb101(Tnb101 bench, Tnb101Task task) {
        Objects.requireNonNull(bench, "bench");
        Objects.requireNonNull(task, "task");
        Set<Metric> released = bench.metrics(task);
        Metric[] chosen = TNB101_CANDIDATES.stream()
                .filter(released::contains)
                .filter(m -> !(m == Metric.SYNFLOW && NO_SYNFLOW.contains(task)))
                .toArray(Metric[]::new);
        if (chosen.length == 0) {
            throw new IllegalArgumentException(bench.name() + " publishes none of " + TNB101_CANDIDATES + " for "
                    + task.id() + "; it has " + released);
        }
        return published(bench, task, chosen);
    }

    /**
     * The metrics the reference code would use for this task ({@link #TNB101_OFFICIAL}, without synflow on
     * segmentsemantic, normal and autoencoder) that the bench does not publish for it: what RoBoT runs without.
     */
    public static List<Metric> tnb101Lacking(Tnb101 bench, Tnb101Task task) {
        Objects.requireNonNull(bench, "bench");
        Objects.requireNonNull(task, "task");
        Set<Metric> released = bench.metrics(task);
        return TNB101_OFFICIAL.stream()
                .filter(m -> !(m == Metric.SYNFLOW && NO_SYNFLOW.contains(task)))
                .filter(m -> !released.contains(m))
                .toList();
    }

    /** The number of architectures. */
    public int size() {
        return values[0].length;
    }

    /** The values of one metric by architecture index (a copy). */
    public double[] column(String name) {
        return values[index(name)].clone();
    }

    private int index(String name) {
        int m = names.indexOf(name);
        if (m < 0) {
            throw new IllegalArgumentException("no metric " + name + " in " + source + "; it has " + names);
        }
        return m;
    }

    /** Some of the metrics, in the order given. */
    public ProxyMetrics select(String... chosen) {
        double[][] v = new double[chosen.length][];
        for (int m = 0; m < chosen.length; m++) {
            v[m] = column(chosen[m]);
        }
        return new ProxyMetrics(source, List.of(chosen), v);
    }

    /** The metrics of some architectures only, renumbered 0..k-1 in the order given (see SearchProblem.subset). */
    public ProxyMetrics subset(int[] indices) {
        double[][] v = new double[values.length][indices.length];
        for (int m = 0; m < values.length; m++) {
            for (int k = 0; k < indices.length; k++) {
                v[m][k] = values[m][indices[k]];
            }
        }
        return new ProxyMetrics(source + ", " + indices.length + " of " + size() + " architectures", names, v);
    }

    /** The same values under other names (say the published {@code jacov} as {@code jacob_cov}), in order. */
    public ProxyMetrics renamed(String... newNames) {
        if (newNames.length != names.size()) {
            throw new IllegalArgumentException(newNames.length + " names for " + names.size() + " metrics " + names);
        }
        return new ProxyMetrics(source, List.of(newNames), values);
    }

    /**
     * The metrics as an ordered map, name to values (copies), in the metrics' order: the form
     * {@code eval.Precision.table} takes, which keeps {@code eval} free of search types.
     */
    public SequencedMap<String, double[]> columns() {
        var map = new LinkedHashMap<String, double[]>();
        for (int m = 0; m < values.length; m++) {
            map.put(names.get(m), values[m].clone());
        }
        return map;
    }

    /**
     * These metrics and one more after them, say RoBoT's optimised ensemble {@code robot.scores(w)}, to compare
     * it beside the single metrics.
     *
     * @throws IllegalArgumentException if the name is taken or the length differs
     */
    public ProxyMetrics with(String name, double[] extra) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(extra, "extra");
        var n = new ArrayList<>(names);
        n.add(name);
        double[][] v = Arrays.copyOf(values, values.length + 1);
        v[values.length] = extra;
        return new ProxyMetrics(source, n, v);
    }

    /**
     * The same metrics with one metric's value made NaN on the architectures {@code cells} accepts: to see what a
     * search does without some values, say fisher on the cells whose outliers lead its ranking (RoBoT counts NaN as 0).
     *
     * @throws IllegalArgumentException if there is no such metric
     */
    public ProxyMetrics withNaNWhere(String name, IntPredicate cells) {
        Objects.requireNonNull(cells, "cells");
        int m = index(name);
        double[][] v = values();
        int cut = 0;
        for (int i = 0; i < v[m].length; i++) {
            if (cells.test(i)) {
                v[m][i] = Double.NaN;
                cut++;
            }
        }
        return new ProxyMetrics(source + ", " + name + " NaN on " + cut + " architectures", names, v);
    }

    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int m = 0; m < values.length; m++) {
            copy[m] = values[m].clone();
        }
        return copy;
    }

    /** Metric {@code m}'s value for architecture {@code i}, without copying. */
    double value(int m, int i) {
        return values[m][i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyMetrics p && source.equals(p.source) && names.equals(p.names)
                && Arrays.deepEquals(values, p.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, names, Arrays.deepHashCode(values));
    }

    @Override
    public String toString() {
        return "ProxyMetrics[" + source + ": " + names + " over " + size() + " architectures]";
    }
}
