package io.trainfree.bench;

import io.trainfree.space.Tnb101Arch;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A tabular NAS benchmark: every architecture of a space, with published metrics per task. NAS-Bench-201
 * ({@link Nb201}: architectures {@code Nb201Arch}, tasks {@code Dataset}) and TransNAS-Bench-101 ({@link Tnb101}:
 * {@link Tnb101Arch}, {@link Tnb101Task}) answer the same questions the same way.
 *
 * {@snippet :
 * Benchmark<Nb201Arch, Dataset> nb201 = Nb201.load();
 * double acc = nb201.query(nb201.archs().get(6111), Dataset.CIFAR10, Metric.TEST_ACCURACY);   // 94.37333...
 * Table t = nb201.table(Dataset.CIFAR10);                                                    // one row per arch
 * }
 *
 * @param <A> the architecture type
 * @param <T> the task type (dataset or task)
 */
public interface Benchmark<A, T> {
    /** A human name, e.g. {@code NAS-Bench-201}. */
    String name();

    /** Every architecture, in the benchmark's index order. */
    List<A> archs();

    /** The tasks there are data for. */
    List<T> tasks();

    /** The metrics published for a task. Others fail in {@link #query}. */
    Set<Metric> metrics(T task);

    /**
     * One published value.
     *
     * @throws IllegalArgumentException if the architecture is not in the space or the metric is not published for
     *         the task (the message says where it is)
     * @throws io.trainfree.data.MissingDataException if the file holding the metric is absent
     */
    double query(A arch, T task, Metric metric);

    /** A metric for every architecture, in index order. */
    default double[] values(T task, Metric metric) {
        return archs().stream().mapToDouble(a -> query(a, task, metric)).toArray();
    }

    /** One row per architecture: its index and string form, then a column per metric of {@link #metrics(Object)}. */
    Table table(T task);

    /**
     * One metric across tasks: one row per architecture ({@code index}, {@code arch}) and one column per task that has
     * the metric, named by the task, so tasks can be set against each other.
     */
    default Table byTask(Metric metric) {
        List<A> all = archs();
        var index = IntColumn.create("index", all.size());
        var arch = StringColumn.create("arch", all.size());
        for (int i = 0; i < all.size(); i++) {
            index.set(i, i);
            arch.set(i, all.get(i).toString());
        }
        var table = Table.create(name() + " " + metric.id() + " by task", index, arch);
        for (T t : tasks()) {
            if (metrics(t).contains(metric)) {
                table.addColumns(DoubleColumn.create(t.toString(), values(t, metric)));
            }
        }
        return table;
    }

    /**
     * One row per task that has the metric: {@code task}, {@code archs}, {@code nan} (architectures without a value),
     * {@code min}, {@code max}, {@code mean} (over the values there are), and the best architecture (highest value,
     * the lowest index on ties): {@code best_index}, {@code best_ties} (how many architectures share the best value,
     * 1 when it is unique), {@code best_arch}.
     */
    default Table summary(Metric metric) {
        var task = StringColumn.create("task");
        var archs = IntColumn.create("archs");
        var nan = IntColumn.create("nan");
        var min = DoubleColumn.create("min");
        var max = DoubleColumn.create("max");
        var mean = DoubleColumn.create("mean");
        var bestIndex = IntColumn.create("best_index");
        var bestTies = IntColumn.create("best_ties");
        var bestArch = StringColumn.create("best_arch");
        for (T t : tasks()) {
            if (!metrics(t).contains(metric)) {
                continue;
            }
            double[] v = values(t, metric);
            int missing = 0;
            int best = -1;
            double lo = Double.POSITIVE_INFINITY;
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) {
                    missing++;
                    continue;
                }
                lo = Math.min(lo, v[i]);
                sum += v[i];
                if (best < 0 || v[i] > v[best]) {
                    best = i;
                }
            }
            task.append(t.toString());
            archs.append(v.length);
            nan.append(missing);
            int n = v.length - missing;
            min.append(n == 0 ? Double.NaN : lo);
            max.append(n == 0 ? Double.NaN : v[best]);
            mean.append(n == 0 ? Double.NaN : sum / n);
            bestIndex.append(best);
            double top = best < 0 ? Double.NaN : v[best];
            bestTies.append((int) Arrays.stream(v).filter(x -> x == top).count());
            bestArch.append(best < 0 ? "" : archs().get(best).toString());
        }
        return Table.create(name() + " " + metric.id(), task, archs, nan, min, max, mean, bestIndex, bestTies,
                bestArch);
    }
}
