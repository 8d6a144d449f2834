package io.trainfree.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Charges a search for what it looks at: each query of the objective is counted, and the first query of an
 * architecture adds its training cost (later queries of the same architecture are free, as in RoBoT, which charges the
 * 12-epoch {@code cost} of each distinct queried architecture once). Not thread-safe: one counter per search run.
 *
 * {@snippet :
 * var nb201 = Nb201.load();
 * // RoBoT's setting: the objective is CIFAR-10 12-epoch validation accuracy, charged its recorded training seconds
 * var queries = QueryCounter.of(nb201, Dataset.CIFAR10, Metric.VAL_ACCURACY_12, Metric.TRAIN_COST_12);
 * queries.query(nb201.space().arch(6111));   // 84.384, charged its 172.785 s once
 * queries.count();                           // 1 distinct architecture
 * queries.cost();                            // seconds so far
 * }
 *
 * @param <A> the architecture type
 */
public final class QueryCounter<A> {
    private final Benchmark<A, ?> benchmark;
    private final ToDoubleFunction<A> objective;
    private final ToDoubleFunction<A> cost;
    private final Map<A, Double> seen = new LinkedHashMap<>();
    private int calls;
    private double totalCost;

    private QueryCounter(Benchmark<A, ?> benchmark, ToDoubleFunction<A> objective, ToDoubleFunction<A> cost) {
        this.benchmark = benchmark;
        this.objective = objective;
        this.cost = cost;
    }

    /** Counts queries of {@code objective} on {@code task}; queries cost nothing. */
    public static <A, T> QueryCounter<A> of(Benchmark<A, T> benchmark, T task, Metric objective) {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(task, "task");
        check(benchmark, task, objective);
        return new QueryCounter<>(benchmark, a -> benchmark.query(a, task, objective), a -> 0.0);
    }

    /**
     * Counts queries of {@code objective} on {@code task}, charging each distinct architecture its {@code cost}
     * (a metric of the same task, e.g. {@link Metric#TRAIN_COST_12}).
     */
    public static <A, T> QueryCounter<A> of(Benchmark<A, T> benchmark, T task, Metric objective, Metric cost) {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(task, "task");
        check(benchmark, task, objective);
        check(benchmark, task, cost);
        return new QueryCounter<>(benchmark, a -> benchmark.query(a, task, objective),
                a -> benchmark.query(a, task, cost));
    }

    private static <A, T> void check(Benchmark<A, T> benchmark, T task, Metric metric) {
        Objects.requireNonNull(metric, "metric");
        if (!benchmark.metrics(task).contains(metric)) {
            throw new IllegalArgumentException(benchmark.name() + " has no " + metric.id() + " for " + task
                    + "; it has: " + benchmark.metrics(task));
        }
    }

    /** The objective's value; the first query of an architecture is charged its cost. */
    public double query(A arch) {
        Objects.requireNonNull(arch, "arch");
        calls++;
        Double known = seen.get(arch);
        if (known != null) {
            return known;
        }
        double value = objective.applyAsDouble(arch);
        totalCost += cost.applyAsDouble(arch);
        seen.put(arch, value);
        return value;
    }

    /** Whether the architecture has been queried. */
    public boolean queried(A arch) {
        return seen.containsKey(arch);
    }

    /** Distinct architectures queried. */
    public int count() {
        return seen.size();
    }

    /** All queries, repeats included. */
    public int calls() {
        return calls;
    }

    /** Cost charged so far (seconds for {@link Metric#TRAIN_COST_12}). */
    public double cost() {
        return totalCost;
    }

    /** The distinct architectures in the order of their first query. */
    public List<A> history() {
        return List.copyOf(seen.keySet());
    }

    /** The queried architecture with the highest objective; the earliest wins ties. Empty before any query. */
    public Optional<A> best() {
        A best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (var e : seen.entrySet()) {
            if (best == null || e.getValue() > bestValue) {
                best = e.getKey();
                bestValue = e.getValue();
            }
        }
        return Optional.ofNullable(best);
    }

    /** The benchmark queried. */
    public Benchmark<A, ?> benchmark() {
        return benchmark;
    }

    @Override
    public String toString() {
        return "QueryCounter[" + benchmark.name() + ": " + count() + " distinct, " + calls + " calls, cost "
                + totalCost + "]";
    }
}
