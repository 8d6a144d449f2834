package io.trainfree.search;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The "training-free" baseline of RoBoT's Table 2 (docs/robot.md §8): rank every architecture by one training-free
 * metric and query its top T; the run reports, as every search does, the best-by-objective of what it queried. It is
 * the search RoBoT's exploitation step does with a single metric and no BO, and the one the paper's precision argument
 * (docs/robot.md §7) is about, hence a strategy of its own.
 *
 * <p>The order is the one RoBoT ranks in: descending (or ascending, for a metric where lower is better), equal
 * values larger index first (a stable ascending sort reversed, as {@code Robot}), NaN last whatever the direction.
 * Deterministic: the seed is ignored, so every seed gives the same run. The ranking is computed once, here.
 *
 * {@snippet :
 * var greedy = Greedy.each(ProxyMetrics.published(nb201, Dataset.CIFAR10, Metric.SYNFLOW, Metric.JACOV));
 * greedy.get(0).run(problem, 20, 10);   // "greedy synflow": synflow's top 20, best by 12-epoch valacc
 * }
 */
public final class Greedy implements SearchStrategy {
    /** Which end of the metric's order is queried first. */
    public enum Order {
        /** Highest value first (RoBoT's convention: higher is better). */
        DESCENDING,
        /** Lowest value first, for a metric where lower is better. */
        ASCENDING
    }

    private final String metric;
    private final Order order;
    private final int[] ranking;

    /**
     * @param metric the metric's name, used in {@link #name()}
     * @param values the metric by architecture index (copied: only its order is kept)
     */
    public Greedy(String metric, double[] values, Order order) {
        this.metric = Objects.requireNonNull(metric, "metric");
        this.order = Objects.requireNonNull(order, "order");
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("greedy " + metric + ": no values");
        }
        this.ranking = ranking(values, order);
    }

    /** Highest value first. */
    public Greedy(String metric, double[] values) {
        this(metric, values, Order.DESCENDING);
    }

    /** One metric of {@code metrics}, highest first. */
    public static Greedy of(ProxyMetrics metrics, String metric) {
        return new Greedy(metric, metrics.column(metric));
    }

    /** One greedy search per metric of {@code metrics}, in their order, highest first. */
    public static List<Greedy> each(ProxyMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        return metrics.names().stream().map(m -> of(metrics, m)).toList();
    }

    /**
     * All indices in query order: by value in the given direction, equal values by descending index, NaN last (by
     * descending index).
     */
    static int[] ranking(double[] values, Order order) {
        Comparator<Integer> byValue = Comparator.comparingDouble(i -> values[i]);
        if (order == Order.ASCENDING) {
            byValue = byValue.reversed();
        }
        Comparator<Integer> ascending = Comparator.<Integer, Boolean>comparing(i -> !Double.isNaN(values[i]))
                .thenComparing(byValue).thenComparingInt(i -> i);
        return IntStream.range(0, values.length).boxed().sorted(ascending.reversed()).mapToInt(Integer::intValue)
                .toArray();
    }

    /**
     * Queries the first {@code budget} architectures of the ranking.
     *
     * @param budget 1 to the problem's size
     * @param seed   ignored (recorded in the run)
     */
    @Override
    public Search run(SearchProblem problem, int budget, long seed) {
        Objects.requireNonNull(problem, "problem");
        if (problem.size() != ranking.length) {
            throw new IllegalArgumentException(name() + " ranks " + ranking.length + " architectures, the problem '"
                    + problem.name() + "' has " + problem.size());
        }
        if (budget < 1 || budget > ranking.length) {
            throw new IllegalArgumentException(name() + " budget " + budget + " is not in 1.." + ranking.length
                    + " (the size of '" + problem.name() + "')");
        }
        return Search.of(problem, name(), seed, Arrays.copyOf(ranking, budget));
    }

    /** {@code greedy <metric>}, with {@code (ascending)} appended when lowest goes first. */
    @Override
    public String name() {
        return "greedy " + metric + (order == Order.ASCENDING ? " (ascending)" : "");
    }

    public String metric() {
        return metric;
    }

    public Order order() {
        return order;
    }

    /** All architecture indices in query order (a copy). */
    public int[] ranking() {
        return ranking.clone();
    }

    @Override
    public String toString() {
        return name() + " over " + ranking.length + " architectures";
    }
}
