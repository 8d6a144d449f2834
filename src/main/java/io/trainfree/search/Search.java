package io.trainfree.search;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;

/**
 * One search run: which architectures were queried, in order, and what the run reports. The reported number follows
 * the reference code (docs/robot.md §1): among the queried architectures, in query order, the one with the highest
 * objective (strict {@code >}, so the earliest wins ties) is the {@link #pick()}, and its reported value (e.g. the
 * task's test accuracy) is the run's result.
 *
 * <p>Built by {@link #of}, which derives pick, reported value, cost and curve from the problem once; the problem is
 * not kept. A class rather than a record so that the derived values cannot be constructed inconsistent with the
 * queries.
 *
 * <p><b>Repeated queries.</b> {@link #queried()} holds distinct indices. A strategy may still hand {@link #of} a
 * query sequence with repeats: the official REA initialises its pool with replacement and queries and costs a
 * duplicate twice, its loop counting it towards the budget (docs/robot.md §4). Each repeat is then paid again in
 * {@link #cost()} (the official cost sums over its {@code searched} list, duplicates included) and counted in
 * {@link #repeats()}, but enters {@link #queried()} once, at its first position. A repeat can never change the pick,
 * so the reported value is the official one either way; the curve has one entry per distinct query.
 */
public final class Search {
    private final String strategy;
    private final long seed;
    private final int[] queried;
    private final int explored;
    private final int repeats;
    private final int pick;
    private final double reported;
    private final double objective;
    private final double cost;
    private final double[] curve;

    private Search(String strategy, long seed, int[] queried, int explored, int repeats, int pick, double reported,
            double objective, double cost, double[] curve) {
        this.strategy = strategy;
        this.seed = seed;
        this.queried = queried;
        this.explored = explored;
        this.repeats = repeats;
        this.pick = pick;
        this.reported = reported;
        this.objective = objective;
        this.cost = cost;
        this.curve = curve;
    }

    /**
     * The run that made these queries on this problem.
     *
     * @param strategy the strategy's name
     * @param queries  architecture indices in query order; repeats are paid again (see the class comment)
     * @param explored distinct queries made before a final exploitation phase (RoBoT's T0); the number of distinct
     *                 queries for methods without one
     * @throws IllegalArgumentException if there are no queries, an index is outside the problem or {@code explored}
     *         is not in 0..(distinct queries)
     */
    public static Search of(SearchProblem problem, String strategy, long seed, int[] queries, int explored) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(queries, "queries");
        if (queries.length == 0) {
            throw new IllegalArgumentException(strategy + " (seed " + seed + ") made no queries");
        }
        var seen = new HashSet<Integer>();
        var distinct = new int[queries.length];
        int n = 0;
        double cost = 0;
        for (int i = 0; i < queries.length; i++) {
            int q = queries[i];
            if (q < 0 || q >= problem.size()) {
                throw new IllegalArgumentException(strategy + " (seed " + seed + "): query " + i + " is index " + q
                        + ", not in 0.." + (problem.size() - 1) + " of '" + problem.name() + "'");
            }
            cost += problem.cost(q);
            if (seen.add(q)) {
                distinct[n++] = q;
            }
        }
        if (explored < 0 || explored > n) {
            throw new IllegalArgumentException(strategy + " (seed " + seed + "): explored = " + explored
                    + " is not in 0.." + n + " (the distinct queries)");
        }
        int[] queried = Arrays.copyOf(distinct, n);
        var curve = new double[n];
        int pick = queried[0];
        for (int k = 0; k < n; k++) {
            if (problem.objective(queried[k]) > problem.objective(pick)) {
                pick = queried[k];
            }
            curve[k] = problem.reported(pick);
        }
        return new Search(strategy, seed, queried, explored, queries.length - n, pick, problem.reported(pick),
                problem.objective(pick), cost, curve);
    }

    /** {@link #of(SearchProblem, String, long, int[], int)} with every query counted as explored. */
    public static Search of(SearchProblem problem, String strategy, long seed, int[] queries) {
        return of(problem, strategy, seed, queries, (int) Arrays.stream(queries).distinct().count());
    }

    /** The strategy's name. */
    public String strategy() {
        return strategy;
    }

    public long seed() {
        return seed;
    }

    /** Distinct architecture indices in the order they were first queried (a copy). */
    public int[] queried() {
        return queried.clone();
    }

    /** Number of distinct architectures queried (T). */
    public int size() {
        return queried.length;
    }

    /** Distinct queries made before the exploitation phase (RoBoT's T0); {@link #size()} for the baselines. */
    public int explored() {
        return explored;
    }

    /** Queries that asked again for an architecture already queried, and were paid again (official REA only). */
    public int repeats() {
        return repeats;
    }

    /** The first queried index with the highest objective. */
    public int pick() {
        return pick;
    }

    /** The reported value of the pick: the run's result. */
    public double reported() {
        return reported;
    }

    /** The objective of the pick: the best objective the run saw. */
    public double objective() {
        return objective;
    }

    /** Total cost of the queries, repeats included. */
    public double cost() {
        return cost;
    }

    /**
     * For k = 1..{@link #size()}, the reported value of the best-by-objective among the first k distinct queries
     * (a copy): the anytime curve of the papers' figures.
     */
    public double[] curve() {
        return curve.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Search s && strategy.equals(s.strategy) && seed == s.seed
                && Arrays.equals(queried, s.queried) && explored == s.explored && repeats == s.repeats
                && Double.compare(cost, s.cost) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategy, seed, Arrays.hashCode(queried), explored, repeats);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s seed %d: %d queried (%d explored%s), pick %d, objective %.4f,"
                + " reported %.4f, cost %.2f", strategy, seed, queried.length, explored,
                repeats == 0 ? "" : ", " + repeats + " repeated", pick, objective, reported, cost);
    }
}
