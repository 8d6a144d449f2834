package io.trainfree.search;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.bench.Tnb101;
import io.trainfree.bench.Tnb101Task;
import io.trainfree.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * What a search strategy sees: for each architecture index, the objective a query returns (higher is better), what
 * the query costs, and the value reported for the architecture finally picked. Keeping the objective apart from the
 * reported value is the point: RoBoT and its baselines query a cheap 12-epoch CIFAR-10 validation accuracy for every
 * task and report the task's 200-epoch test accuracy (docs/robot.md §1 and §10.8).
 *
 * <p>The arrays are copied in, and the array accessors return copies, so a problem cannot change under a running
 * search; strategies read single entries through {@link #objective(int)}, {@link #cost(int)} and
 * {@link #reported(int)}, which copy nothing. Equality compares the contents.
 *
 * {@snippet :
 * var problem = SearchProblem.nb201(Nb201.load(), Dataset.CIFAR100);
 * problem.objective(9930);   // 84.746: CIFAR-10 hp12 valacc, whatever the task
 * problem.reported(9930);    // 73.5133: CIFAR-100 test accuracy after 200 epochs
 * }
 *
 * @param name      what is searched, e.g. {@code NAS-Bench-201 cifar100}
 * @param objective the value a query returns, by architecture index; higher is better
 * @param cost      the cost of querying each architecture (NB201: GPU seconds; TNB: none released, 0)
 * @param reported  the value reported for the picked architecture, by index
 * @param archs     a label per index (NB201: the arch string), or empty when there is none
 * @param ids       the benchmark's index of each architecture: 0..n-1, except in a {@link #subset}, which keeps the
 *                  original indices so that its picks can be named as the benchmark names them
 */
public record SearchProblem(String name, double[] objective, double[] cost, double[] reported, List<String> archs,
                            int[] ids) {
    public SearchProblem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(archs, "archs");
        Objects.requireNonNull(ids, "ids");
        int n = objective.length;
        if (n == 0) {
            throw new IllegalArgumentException("search problem '" + name + "' has no architectures");
        }
        if (cost.length != n) {
            throw new IllegalArgumentException("search problem '" + name + "': cost has " + cost.length
                    + " entries, objective has " + n);
        }
        if (reported.length != n) {
            throw new IllegalArgumentException("search problem '" + name + "': reported has " + reported.length
                    + " entries, objective has " + n);
        }
        if (!archs.isEmpty() && archs.size() != n) {
            throw new IllegalArgumentException("search problem '" + name + "': archs has " + archs.size()
                    + " labels, objective has " + n + " entries (give none or one per architecture)");
        }
        if (ids.length != n) {
            throw new IllegalArgumentException("search problem '" + name + "': ids has " + ids.length
                    + " entries, objective has " + n);
        }
        objective = objective.clone();
        ids = ids.clone();
        cost = cost.clone();
        reported = reported.clone();
        archs = List.copyOf(archs);
    }

    /** A problem whose architectures are the benchmark's 0..n-1. */
    public SearchProblem(String name, double[] objective, double[] cost, double[] reported, List<String> archs) {
        this(name, objective, cost, reported, archs, IntStream.range(0, objective.length).toArray());
    }

    /** A problem without architecture labels. */
    public SearchProblem(String name, double[] objective, double[] cost, double[] reported) {
        this(name, objective, cost, reported, List.of());
    }

    /**
     * RoBoT's NAS-Bench-201 setting for one task: objective = CIFAR-10 validation accuracy after 12 epochs
     * ({@link Metric#VAL_ACCURACY_12} of CIFAR-10, RoBoT's {@code valacc}) for all three tasks, cost = its recorded
     * seconds ({@link Metric#TRAIN_COST_12}), reported = the task's 200-epoch test accuracy
     * ({@link Metric#TEST_ACCURACY}); labels are the arch strings.
     */
    public static SearchProblem nb201(Nb201 bench, Dataset task) {
        Objects.requireNonNull(bench, "bench");
        Objects.requireNonNull(task, "task");
        List<String> archs = bench.space().archs().stream().map(a -> a.archString()).toList();
        return new SearchProblem(bench.name() + " " + task.id(),
                bench.values(Dataset.CIFAR10, Metric.VAL_ACCURACY_12),
                bench.values(Dataset.CIFAR10, Metric.TRAIN_COST_12),
                bench.values(task, Metric.TEST_ACCURACY), archs);
    }

    /**
     * RoBoT's TransNAS-Bench-101 setting for one task (docs/robot.md §5, Table 3): objective = the task's validation
     * score ({@link Metric#VAL_ACCURACY}, higher is better), cost = 0 everywhere (the benchmark releases no query costs
     * and the reference code counts none), reported = the validation rank ({@link #ranks(double[])}: 1 for the best,
     * lower is better), so that {@link SearchSummary#mean()} is the mean rank of Table 3; labels are the net codes.
     *
     * @throws IllegalArgumentException if the task has a NaN validation score: a rank among partly unknown scores
     *         means nothing, and no published file has one (the reference code would rank NaN first, as
     *         {@code np.argsort} puts it last)
     */
    public static SearchProblem tnb101(Tnb101 bench, Tnb101Task task) {
        Objects.requireNonNull(bench, "bench");
        Objects.requireNonNull(task, "task");
        double[] val = bench.values(task, Metric.VAL_ACCURACY);
        for (int i = 0; i < val.length; i++) {
            if (Double.isNaN(val[i])) {
                throw new IllegalArgumentException(bench.name() + " " + task.id() + ": idx " + i + " ("
                        + bench.arch(i) + ") has a NaN val_accuracy; the validation rank needs every score");
            }
        }
        List<String> archs = bench.archs().stream().map(a -> a.archString()).toList();
        return new SearchProblem(bench.name() + " " + task.id(), val, new double[val.length], ranks(val), archs);
    }

    /**
     * Each value's 1-based rank, higher values first: 1 + the number of values strictly higher, so equal values share
     * the better rank ({@code {3, 5, 5, 1}} gives {@code {3, 1, 1, 4}}). The reference code ranks with
     * {@code argsort} (ties in an undefined order) and never prints the rank (docs/robot.md §5 and §10.13); this
     * conversion is ours.
     *
     * @throws IllegalArgumentException on NaN, naming its position
     */
    public static double[] ranks(double[] values) {
        double[] sorted = values.clone();
        for (int i = 0; i < sorted.length; i++) {
            if (Double.isNaN(sorted[i])) {
                throw new IllegalArgumentException("value " + i + " is NaN: it has no rank");
            }
        }
        Arrays.sort(sorted);
        double[] rank = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            int lo = 0;
            int hi = sorted.length; // first position holding a value > values[i]
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] > values[i]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            rank[i] = 1 + sorted.length - lo;
        }
        return rank;
    }

    /** Number of architectures. */
    public int size() {
        return objective.length;
    }

    /** A copy of the objective values. */
    @Override
    public double[] objective() {
        return objective.clone();
    }

    /** A copy of the costs. */
    @Override
    public double[] cost() {
        return cost.clone();
    }

    /** A copy of the reported values. */
    @Override
    public double[] reported() {
        return reported.clone();
    }

    /** The objective of architecture {@code index}. */
    public double objective(int index) {
        return objective[check(index)];
    }

    /** The query cost of architecture {@code index}. */
    public double cost(int index) {
        return cost[check(index)];
    }

    /** The reported value of architecture {@code index}. */
    public double reported(int index) {
        return reported[check(index)];
    }

    /** The label of architecture {@code index}, or its benchmark index as text when the problem has no labels. */
    public String arch(int index) {
        check(index);
        return archs.isEmpty() ? Integer.toString(ids[index]) : archs.get(index);
    }

    /** The benchmark's index of architecture {@code index} (the same number except in a {@link #subset}). */
    public int id(int index) {
        return ids[check(index)];
    }

    /** The benchmark's indices, a copy. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** The same problem with another objective (a latency to minimise negated, say, or a user's function). */
    public SearchProblem withObjective(String what, double[] values) {
        return new SearchProblem(name + ", objective " + what, values, cost, reported, archs, ids);
    }

    /**
     * The problem over some of its architectures only, renumbered 0..k-1 in the order given: hardware-aware search
     * over the cells that meet a latency bound, say (a latency table is free to look up, so infeasible cells need
     * never be queried). Labels and {@link #id benchmark indices} stay the original architectures'.
     *
     * @throws IllegalArgumentException for an empty, repeated or out-of-range index list
     */
    public SearchProblem subset(String what, int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("no architecture of '" + name + "' meets " + what);
        }
        if (Arrays.stream(indices).distinct().count() != indices.length) {
            throw new IllegalArgumentException("the subset of '" + name + "' repeats an index");
        }
        double[] o = new double[indices.length];
        double[] c = new double[indices.length];
        double[] r = new double[indices.length];
        int[] sub = new int[indices.length];
        var labels = new ArrayList<String>(indices.length);
        for (int k = 0; k < indices.length; k++) {
            int i = check(indices[k]);
            o[k] = objective[i];
            c[k] = cost[i];
            r[k] = reported[i];
            sub[k] = ids[i];
            labels.add(arch(i));
        }
        return new SearchProblem(name + ", " + what + " (" + indices.length + " cells)", o, c, r, labels, sub);
    }

    /**
     * Refuses a run of {@code strategy}, which moves through a space of {@code spaceSize} architectures, on this
     * problem with this budget, naming what does not fit.
     */
    void requireRunnable(String strategy, int spaceSize, int budget) {
        if (size() != spaceSize) {
            throw new IllegalArgumentException(strategy + ": problem '" + name + "' has " + size()
                    + " architectures, the strategy's space " + spaceSize);
        }
        if (budget < 1 || budget > size()) {
            throw new IllegalArgumentException(strategy + " budget " + budget + " is not in 1.." + size());
        }
    }

    private int check(int index) {
        if (index < 0 || index >= objective.length) {
            throw new IllegalArgumentException("architecture index " + index + " is not in 0.."
                    + (objective.length - 1) + " of '" + name + "'");
        }
        return index;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchProblem p && name.equals(p.name) && Arrays.equals(objective, p.objective)
                && Arrays.equals(cost, p.cost) && Arrays.equals(reported, p.reported) && archs.equals(p.archs)
                && Arrays.equals(ids, p.ids);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(objective), Arrays.hashCode(cost), Arrays.hashCode(reported),
                archs, Arrays.hashCode(ids));
    }

    /** Name and size only: the arrays are long. */
    @Override
    public String toString() {
        return "SearchProblem[" + name + ", " + objective.length + " architectures]";
    }
}
