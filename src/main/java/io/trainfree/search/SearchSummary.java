package io.trainfree.search;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Runs of one strategy on one problem over several seeds, aggregated as the papers report them: mean and population
 * standard deviation (ddof 0, docs/robot.md §10.10) of the reported value, mean cost, mean number of explored queries;
 * and the runs themselves as a table, one row per seed.
 *
 * {@snippet :
 * var rs = SearchSummary.run(new RandomSearch(), problem, 20, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
 * rs.mean();    // 93.0363 on NAS-Bench-201 CIFAR-10
 * rs.table();   // seed | pick | arch | reported | objective | cost | explored
 * }
 */
public final class SearchSummary {
    private final String problem;
    private final List<Search> runs;
    private final List<String> picks;
    private final int[] pickIds;
    private final double mean;
    private final double std;
    private final double meanCost;
    private final double meanExplored;

    private SearchSummary(String problem, List<Search> runs, List<String> picks, int[] pickIds) {
        this.problem = problem;
        this.runs = runs;
        this.picks = picks;
        this.pickIds = pickIds;
        double[] r = runs.stream().mapToDouble(Search::reported).toArray();
        this.mean = mean(r);
        double ss = 0;
        for (double v : r) {
            ss += (v - mean) * (v - mean);
        }
        this.std = Math.sqrt(ss / r.length);
        this.meanCost = mean(runs.stream().mapToDouble(Search::cost).toArray());
        this.meanExplored = mean(runs.stream().mapToDouble(Search::explored).toArray());
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /**
     * The summary of these runs of {@code problem}, which labels the picks in {@link #table()}.
     *
     * @throws IllegalArgumentException if there are no runs
     */
    public static SearchSummary of(SearchProblem problem, List<Search> runs) {
        Objects.requireNonNull(problem, "problem");
        List<Search> copy = List.copyOf(runs);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no runs to summarise on '" + problem.name() + "'");
        }
        return new SearchSummary(problem.name(), copy, copy.stream().map(s -> problem.arch(s.pick())).toList(),
                copy.stream().mapToInt(s -> problem.id(s.pick())).toArray());
    }

    /** Runs {@code strategy} once per seed, in the order given, and summarises. */
    public static SearchSummary run(SearchStrategy strategy, SearchProblem problem, int budget, long... seeds) {
        Objects.requireNonNull(strategy, "strategy");
        if (seeds.length == 0) {
            throw new IllegalArgumentException("no seeds given for " + strategy.name() + " on '" + problem.name()
                    + "'");
        }
        return of(problem, Arrays.stream(seeds).mapToObj(s -> strategy.run(problem, budget, s)).toList());
    }

    /** The seeds {@code from} (inclusive) to {@code to} (exclusive), as Python's {@code range(from, to)}. */
    public static long[] seeds(long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("empty seed range " + from + ".." + to);
        }
        return LongStream.range(from, to).toArray();
    }

    /** The problem's name. */
    public String problem() {
        return problem;
    }

    /** The strategy names of the runs, joined by "/" if they differ. */
    public String strategy() {
        return String.join("/", runs.stream().map(Search::strategy).distinct().toList());
    }

    public List<Search> runs() {
        return runs;
    }

    /** Mean of the reported values. */
    public double mean() {
        return mean;
    }

    /** Population standard deviation (ddof 0) of the reported values. */
    public double std() {
        return std;
    }

    /** Mean total cost per run. */
    public double meanCost() {
        return meanCost;
    }

    /** Mean number of explored queries per run (RoBoT's mean T0). */
    public double meanExplored() {
        return meanExplored;
    }

    /** The reported value of each run, in run order. */
    public double[] reported() {
        return runs.stream().mapToDouble(Search::reported).toArray();
    }

    /**
     * The mean anytime curve: entry k-1 is the mean over runs of {@link Search#curve()}[k-1], for k up to the
     * shortest run.
     */
    public double[] meanCurve() {
        int t = runs.stream().mapToInt(Search::size).min().orElseThrow();
        var mean = new double[t];
        for (Search s : runs) {
            double[] c = s.curve();
            for (int k = 0; k < t; k++) {
                mean[k] += c[k] / runs.size();
            }
        }
        return mean;
    }

    /**
     * The mean anytime curve over {@code length} queries: entry k-1 is the mean over runs of the reported value of
     * the best-by-objective among each run's first k distinct queries, a run that made fewer distinct queries (the
     * official REA's repeats) keeping its final value, since its best can no longer change. Unlike
     * {@link #meanCurve()}, every run counts at every k, so curves of different strategies share the x axis.
     *
     * @throws IllegalArgumentException if {@code length} is not in 1..(the longest run)
     */
    public double[] meanCurve(int length) {
        int longest = runs.stream().mapToInt(Search::size).max().orElseThrow();
        if (length < 1 || length > longest) {
            throw new IllegalArgumentException("curve length " + length + " is not in 1.." + longest
                    + " (the longest run of " + strategy() + ")");
        }
        var mean = new double[length];
        for (Search s : runs) {
            double[] c = s.curve();
            for (int k = 0; k < length; k++) {
                mean[k] += c[Math.min(k, c.length - 1)] / runs.size();
            }
        }
        return mean;
    }

    /**
     * {@link #meanCurve(int)} with its spread: one row per k = 1..{@code length} with the mean over runs of
     * {@code value} applied to the best-by-objective so far, and the standard error of that mean (sample std over
     * runs / sqrt(runs); NaN for one run). {@code value} turns the reported value into what is drawn, e.g.
     * {@code a -> 100 - a} for the test error the paper's Figure 2 plots.
     *
     * @return columns {@code method, queries, runs, mean, stderr}
     */
    public Table anytime(int length, DoubleUnaryOperator value) {
        meanCurve(length); // checks the length
        int n = runs.size();
        var values = new double[length][n];
        for (int r = 0; r < n; r++) {
            double[] c = runs.get(r).curve();
            for (int k = 0; k < length; k++) {
                values[k][r] = value.applyAsDouble(c[Math.min(k, c.length - 1)]);
            }
        }
        var mean = new double[length];
        var stderr = new double[length];
        for (int k = 0; k < length; k++) {
            double m = Arrays.stream(values[k]).average().orElseThrow();
            double ss = Arrays.stream(values[k]).map(v -> (v - m) * (v - m)).sum();
            mean[k] = m;
            stderr[k] = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        }
        return Table.create(strategy() + " on " + problem,
                StringColumn.create("method", Collections.nCopies(length, strategy())),
                IntColumn.create("queries", IntStream.rangeClosed(1, length).toArray()),
                IntColumn.create("runs", IntStream.range(0, length).map(k -> n).toArray()),
                DoubleColumn.create("mean", mean), DoubleColumn.create("stderr", stderr));
    }

    /**
     * Figure 2 of RoBoT with its bands: the {@link #anytime} rows of every summary, stacked, over {@code length}
     * queries; {@code Charts.bands(table, "queries", "method", "mean", "stderr", ...)} draws it.
     *
     * @throws IllegalArgumentException if there are no summaries or two share a strategy name
     */
    public static Table anytime(List<SearchSummary> summaries, int length, DoubleUnaryOperator value) {
        if (summaries.isEmpty()) {
            throw new IllegalArgumentException("no summaries to draw curves of");
        }
        if (summaries.stream().map(SearchSummary::strategy).distinct().count() != summaries.size()) {
            throw new IllegalArgumentException("two summaries share a name: " + summaries.stream()
                    .map(SearchSummary::strategy).toList());
        }
        Table all = summaries.get(0).anytime(length, value);
        for (SearchSummary s : summaries.subList(1, summaries.size())) {
            all.append(s.anytime(length, value));
        }
        return all.setName("best-so-far, mean +- standard error over runs, on " + summaries.get(0).problem());
    }

    /**
     * Summaries side by side, one row each: {@code strategy, problem, seeds, mean, std, mean_T0, mean_cost} (std
     * is the population std over seeds).
     */
    public static Table compare(List<SearchSummary> summaries) {
        return Table.create("search results",
                StringColumn.create("strategy", summaries.stream().map(SearchSummary::strategy).toList()),
                StringColumn.create("problem", summaries.stream().map(SearchSummary::problem).toList()),
                IntColumn.create("seeds", summaries.stream().mapToInt(s -> s.runs().size()).toArray()),
                DoubleColumn.create("mean", summaries.stream().mapToDouble(SearchSummary::mean).toArray()),
                DoubleColumn.create("std", summaries.stream().mapToDouble(SearchSummary::std).toArray()),
                DoubleColumn.create("mean_T0", summaries.stream().mapToDouble(SearchSummary::meanExplored).toArray()),
                DoubleColumn.create("mean_cost", summaries.stream().mapToDouble(SearchSummary::meanCost).toArray()));
    }

    /**
     * RoBoT's Figure 2 as a table: column {@code queries} (1..T, T the longest run of all) and, per summary, a
     * column named by its strategy holding {@link #meanCurve(int)}: the mean over seeds of the reported value of the
     * best-by-objective so far. {@code Charts.line(table, "queries", names...)} draws it (the paper plots test
     * error, 100 minus these accuracies).
     *
     * @throws IllegalArgumentException if there are no summaries or two share a strategy name
     */
    public static Table curves(List<SearchSummary> summaries) {
        List<SearchSummary> copy = List.copyOf(summaries);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("no summaries to draw curves of");
        }
        int t = copy.stream().flatMap(s -> s.runs().stream()).mapToInt(Search::size).max().orElseThrow();
        var table = Table.create("best-so-far reported value, mean over seeds, on " + copy.get(0).problem(),
                IntColumn.create("queries", IntStream.rangeClosed(1, t).toArray()));
        for (SearchSummary s : copy) {
            if (table.containsColumn(s.strategy())) {
                throw new IllegalArgumentException("two summaries are named '" + s.strategy()
                        + "'; curves need one column per strategy");
            }
            table.addColumns(DoubleColumn.create(s.strategy(), s.meanCurve(t)));
        }
        return table;
    }

    /** {@link #curves(List)} of each strategy run over the seeds. */
    public static Table curves(SearchProblem problem, int budget, long[] seeds,
            List<? extends SearchStrategy> strategies) {
        return curves(strategies.stream().map(s -> run(s, problem, budget, seeds)).toList());
    }

    /**
     * One row per run: {@code seed, pick, arch, reported, objective, cost, explored}; {@code pick} is the benchmark's
     * index of the pick, also for a search over a {@link SearchProblem#subset subset}.
     */
    public Table table() {
        return Table.create(strategy() + " on " + problem,
                LongColumn.create("seed", runs.stream().mapToLong(Search::seed).toArray()),
                IntColumn.create("pick", pickIds),
                StringColumn.create("arch", picks),
                DoubleColumn.create("reported", runs.stream().mapToDouble(Search::reported).toArray()),
                DoubleColumn.create("objective", runs.stream().mapToDouble(Search::objective).toArray()),
                DoubleColumn.create("cost", runs.stream().mapToDouble(Search::cost).toArray()),
                IntColumn.create("explored", runs.stream().mapToInt(Search::explored).toArray()));
    }

    /** One line: strategy, problem, budget, seeds, mean +- std, cost, explored. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s on %s, T=%d, %d seeds: %.4f +- %.4f, cost %.2f, explored %.1f",
                strategy(), problem, runs.get(0).size(), runs.size(), mean, std, meanCost, meanExplored);
    }
}
