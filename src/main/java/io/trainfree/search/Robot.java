package io.trainfree.search;

import io.trainfree.math.BayesianOptimizer;
import io.trainfree.math.NumpyRandom;
import io.trainfree.math.Ranks;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * RoBoT (He et al., ICLR 2024; official code {@code hzf1174/RoBoT}): Bayesian optimisation of the weights of a
 * linear combination of training-free metrics, each probe querying the top-1 architecture of the combination, then
 * greedy exploitation of the best weights' ranking until the budget of distinct queries is spent (docs/robot.md §1-§3).
 *
 * <p>As the official code, with each quirk named in {@link Options}: metrics are min-max normalised over the whole
 * space with Python's NaN-skipping running min/max, a NaN term counts as 0 in a score, the weights live in
 * [-1, 1]<sup>M</sup> with coordinates in alphabetical metric order (the scores are summed in the metrics' own order),
 * bayes_opt 1.2.0 makes T probes (one random, T-1 GP-UCB, exact repeats served from its cache), two numpy streams
 * seeded with the run's seed drive the first point and the GP/acquisition, the best weights are the latest whose
 * top-1 reached the best objective so far ({@code >=}), and ties in a ranking put the larger index first.
 * {@link Normalisation#RANKS} is an option beyond the paper; it is not the default.
 *
 * {@snippet :
 * var problem = SearchProblem.nb201(nb201, Dataset.CIFAR10);
 * var robot = new Robot(ProxyMetrics.of(table, Nb201.SIZE, "grad_norm", "snip", "grasp", "fisher", "synflow",
 *         "jacob_cov"));
 * SearchSummary.run(robot, problem, 20, SearchSummary.seeds(10, 20)); // seeds 10..19
 * }
 */
public final class Robot implements SearchStrategy {
    /** How each metric is put on a common scale before weighting (docs/robot.md §11). */
    public enum Normalisation {
        /**
         * The official min-max scaling over the whole space ({@link #normalise}). A few extreme values flatten the
         * rest of their metric: on trainfree's CIFAR-10 table, fisher reaches 1.8e9 on a few of the cells with a
         * convolution fed only zeros (median 0.07 over the space), which leaves 99% of the cells below 3.3e-5.
         */
        MIN_MAX("min-max"),
        /**
         * Not in the paper: min-max scaling of each metric's average ranks among its defined values
         * ({@link #ranks}), so the scale is bounded by construction and an outlier takes one rank, whatever its size
         * (also a -1e8 failure sentinel or an infinity). A NaN still counts as 0, the bottom, as in the official
         * code. It also takes away the magnitudes by which one metric's extreme top (synflow's) carries a
         * combination, and on NAS-Bench-201 RoBoT is no better with it than with min-max (docs/robot.md §11).
         */
        RANKS("ranks");

        private final String id;

        Normalisation(String id) {
            this.id = id;
        }

        /** The name the command line uses. */
        public String id() {
            return id;
        }

        /** The one whose {@link #id} (or constant name) is {@code text}, ignoring case. */
        public static Normalisation parse(String text) {
            for (Normalisation n : values()) {
                if (n.id.equalsIgnoreCase(text.strip()) || n.name().equalsIgnoreCase(text.strip())) {
                    return n;
                }
            }
            throw new IllegalArgumentException("unknown normalisation " + text + "; known: "
                    + Arrays.stream(values()).map(Normalisation::id).toList());
        }

        double[] apply(double[] raw) {
            return this == MIN_MAX ? normalise(raw) : ranks(raw);
        }
    }

    /**
     * Settings; the defaults follow the official code.
     *
     * @param bo               the GP and acquisition settings (bayes_opt 1.2.0's by default)
     * @param latestBest       best weights move on ties ({@code >=}, the official rule) rather than only on a strict
     *                         improvement
     * @param explorationProbes BO probes; 0 means the budget T (the official {@code init_points=0, n_iter=T-1})
     * @param normalisation    how the metrics are scaled ({@link Normalisation#MIN_MAX}, the official way)
     */
    public record Options(BayesianOptimizer.Options bo, boolean latestBest, int explorationProbes,
            Normalisation normalisation) {
        public Options {
            Objects.requireNonNull(bo, "bo");
            Objects.requireNonNull(normalisation, "normalisation");
            if (explorationProbes < 0) {
                throw new IllegalArgumentException("explorationProbes must be >= 0, got " + explorationProbes);
            }
        }

        /** The official settings. */
        public Options() {
            this(new BayesianOptimizer.Options(), true, 0, Normalisation.MIN_MAX);
        }

        public Options withLatestBest(boolean b) {
            return new Options(bo, b, explorationProbes, normalisation);
        }

        public Options withExplorationProbes(int p) {
            return new Options(bo, latestBest, p, normalisation);
        }

        public Options withNormalisation(Normalisation n) {
            return new Options(bo, latestBest, explorationProbes, n);
        }
    }

    /**
     * One run in detail.
     *
     * @param search      the run's result (queried architectures, T0 as {@link Search#explored()}, pick, cost)
     * @param bestWeights the weights whose ranking the exploitation walked, in the metrics' order
     * @param bo          the BO probes (weights in alphabetical metric order)
     */
    public record Trace(Search search, double[] bestWeights, BayesianOptimizer.Run bo) {
        public Trace {
            bestWeights = bestWeights.clone();
        }

        @Override
        public double[] bestWeights() {
            return bestWeights.clone();
        }
    }

    /**
     * A run's BO probes, one row each: {@code probe, cached} (served from bayes_opt's cache, no query),
     * {@code top1} (the queried cell), {@code objective}, {@code new} (a cell not queried before), and the weights
     * as {@code w_<metric>} in the metrics' order.
     */
    public Table probes(Trace trace) {
        var probe = IntColumn.create("probe");
        var cached = BooleanColumn.create("cached");
        var top = IntColumn.create("top1");
        var objective = DoubleColumn.create("objective");
        var fresh = BooleanColumn.create("new");
        List<String> names = metrics.names();
        var weights = names.stream().map(n -> DoubleColumn.create("w_" + n)).toList();
        var seen = new HashSet<Integer>();
        List<BayesianOptimizer.Probe> probes = trace.bo().probes();
        for (int k = 0; k < probes.size(); k++) {
            double[] w = weights(probes.get(k).x());
            int t = top1(scores(w));
            probe.append(k + 1);
            cached.append(probes.get(k).cached());
            top.append(t);
            objective.append(probes.get(k).target());
            fresh.append(seen.add(t));
            for (int m = 0; m < w.length; m++) {
                weights.get(m).append(w[m]);
            }
        }
        var table = Table.create("RoBoT's BO probes, seed " + trace.search().seed() + " (T0 = "
                + trace.search().explored() + ")", probe, cached, top, objective, fresh);
        weights.forEach(table::addColumns);
        return table;
    }

    private final String name;
    private final ProxyMetrics metrics;
    private final Options options;
    /** Normalised values, {@code [metric][architecture]}, in the metrics' order. */
    private final double[][] normalised;
    /** For each alphabetical coordinate, the metric it weighs. */
    private final int[] metricOfCoordinate;

    public Robot(ProxyMetrics metrics) {
        this(metrics, new Options());
    }

    /** Named {@code RoBoT}, or {@code RoBoT ranks} under {@link Normalisation#RANKS}, to tell them apart in tables. */
    public Robot(ProxyMetrics metrics, Options options) {
        this(defaultName(options.normalisation()), metrics, options);
    }

    /** {@code RoBoT}, followed by the normalisation's id unless it is the official one. */
    private static String defaultName(Normalisation normalisation) {
        return normalisation == Normalisation.MIN_MAX ? "RoBoT" : "RoBoT " + normalisation.id();
    }

    private Robot(String name, ProxyMetrics metrics, Options options) {
        this.name = Objects.requireNonNull(name, "name");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.options = Objects.requireNonNull(options, "options");
        double[][] raw = metrics.values();
        this.normalised = new double[raw.length][];
        for (int m = 0; m < raw.length; m++) {
            normalised[m] = options.normalisation().apply(raw[m]);
        }
        List<String> names = metrics.names();
        this.metricOfCoordinate = IntStream.range(0, names.size()).boxed()
                .sorted(Comparator.comparing(names::get)).mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String name() {
        return name;
    }

    /** The same strategy under another name, to tell runs with different metrics apart in tables and charts. */
    public Robot named(String newName) {
        return new Robot(newName, metrics, options);
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    public Options options() {
        return options;
    }

    /** The metric names in BO coordinate order (alphabetical). */
    public List<String> coordinates() {
        return Arrays.stream(metricOfCoordinate).mapToObj(m -> metrics.names().get(m)).toList();
    }

    @Override
    public Search run(SearchProblem problem, int budget, long seed) {
        return trace(problem, budget, seed).search();
    }

    /** A run with its BO probes and best weights. */
    public Trace trace(SearchProblem problem, int budget, long seed) {
        Objects.requireNonNull(problem, "problem");
        if (problem.size() != metrics.size()) {
            throw new IllegalArgumentException("the problem " + problem.name() + " has " + problem.size()
                    + " architectures, the metrics (" + metrics.source() + ") " + metrics.size());
        }
        if (budget < 1 || budget > problem.size()) {
            throw new IllegalArgumentException("budget must be in 1.." + problem.size() + ", got " + budget);
        }
        int dims = metricOfCoordinate.length;
        var queried = new LinkedHashSet<Integer>();
        var state = new Object() {
            double best = Arrays.stream(problem.objective()).min().orElseThrow() - 1;
            double[] bestWeights;
        };
        int probes = options.explorationProbes() == 0 ? budget : options.explorationProbes();
        double[] lo = new double[dims];
        double[] hi = new double[dims];
        Arrays.fill(lo, -1);
        Arrays.fill(hi, 1);
        BayesianOptimizer.Run bo = BayesianOptimizer.maximize(coordinates -> {
            double[] w = weights(coordinates);
            int top = top1(scores(w));
            double value = problem.objective(top);
            if (options.latestBest() ? value >= state.best : value > state.best) {
                state.best = value;
                state.bestWeights = w;
            }
            if (queried.size() < budget) { // with more probes than the budget, later new tops are not queried
                queried.add(top);
            }
            return value;
        }, lo, hi, probes, new NumpyRandom(seed)::randomSample, new NumpyRandom(seed)::randomSample, options.bo());
        int explored = queried.size();
        if (state.bestWeights == null) { // no probe reached min - 1: impossible for finite objectives
            throw new IllegalStateException("no BO probe returned a finite objective on " + problem.name());
        }
        for (int i : ranking(scores(state.bestWeights))) {
            if (queried.size() >= budget) {
                break;
            }
            queried.add(i);
        }
        int[] order = queried.stream().mapToInt(Integer::intValue).toArray();
        return new Trace(Search.of(problem, name(), seed, order, explored), state.bestWeights, bo);
    }

    /** The weights in the metrics' order from a point in alphabetical coordinate order. */
    double[] weights(double[] coordinates) {
        double[] w = new double[coordinates.length];
        for (int c = 0; c < coordinates.length; c++) {
            w[metricOfCoordinate[c]] = coordinates[c];
        }
        return w;
    }

    /**
     * Every architecture's score under weights in the metrics' order: the weighted sum of normalised values, summed
     * in the metrics' order, NaN terms skipped (the official code's {@code nansum}-like loop).
     */
    public double[] scores(double[] weights) {
        if (weights.length != normalised.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + normalised.length + " metrics "
                    + metrics.names());
        }
        double[] s = new double[metrics.size()];
        for (int m = 0; m < normalised.length; m++) {
            double w = weights[m];
            double[] v = normalised[m];
            for (int i = 0; i < s.length; i++) {
                if (!Double.isNaN(v[i])) {
                    s[i] += w * v[i];
                }
            }
        }
        return s;
    }

    /** The index of the highest score; among equal scores the largest index (a stable ascending sort, reversed). */
    static int top1(double[] scores) {
        int top = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] >= scores[top]) {
                top = i;
            }
        }
        return top;
    }

    /** All indices by descending score, equal scores by descending index. */
    static int[] ranking(double[] scores) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> i).reversed())
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * RoBoT's min-max normalisation over the whole space (docs/robot.md §1): the running min and max start at element 0
     * and move only on a strict improvement, so NaN is skipped unless element 0 is NaN (then every value becomes NaN);
     * a zero range keeps the raw values; infinities are not treated specially.
     */
    public static double[] normalise(double[] raw) {
        double lo = raw[0];
        double hi = raw[0];
        for (int i = 1; i < raw.length; i++) {
            if (raw[i] < lo) {
                lo = raw[i];
            }
            if (raw[i] > hi) {
                hi = raw[i];
            }
        }
        double range = hi - lo;
        if (range == 0) {
            return raw.clone();
        }
        double[] v = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            v[i] = (raw[i] - lo) / range;
        }
        return v;
    }

    /**
     * The rank scaling ({@link Normalisation#RANKS}): min-max scaling of the defined values' average ranks, so the
     * lowest value (or tie) gets 0, the highest 1, and equal values share one; NaN stays NaN (a score counts it as 0,
     * the bottom, as under min-max). All defined values equal give 0 each.
     */
    public static double[] ranks(double[] raw) {
        int[] defined = IntStream.range(0, raw.length).filter(i -> !Double.isNaN(raw[i])).toArray();
        double[] rank = Ranks.average(Arrays.stream(defined).mapToDouble(i -> raw[i]).toArray());
        double lo = Arrays.stream(rank).min().orElse(0);
        double hi = Arrays.stream(rank).max().orElse(0);
        double[] v = new double[raw.length];
        Arrays.fill(v, Double.NaN);
        for (int k = 0; k < defined.length; k++) {
            v[defined[k]] = hi == lo ? 0 : (rank[k] - lo) / (hi - lo);
        }
        return v;
    }

    @Override
    public String toString() {
        return "RoBoT over " + metrics.names() + " (" + metrics.source() + ")";
    }
}
