package io.trainfree.search;

import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.space.Nb201Space;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The "REA" of RoBoT's {@code search_nb201.py}, reproduced with all its quirks (robot.md 4 and 10.12), so that its
 * published numbers come out exactly: on NAS-Bench-201 with T = 20 and seeds 10..19, CIFAR-10 92.6338 +- 1.1155 at a
 * mean cost of 2198.68 s. It is not regularised evolution (see {@link Rea} for that):
 * <ul>
 *   <li>pool size {@code int(T / 3)}, initialised with {@code randint(n, size=P)}, with replacement: a duplicate is
 *       queried, costed and counted towards T twice (see {@link Search} for how repeats are recorded);</li>
 *   <li>each step sorts the pool by objective, descending and stable, takes the best as parent and removes it from
 *       the pool; no tournament, no ageing;</li>
 *   <li>mutation draws an edge {@code randint(6)} and an op {@code choice([0, 1, 2, 3, 4])} in RoBoT's op codes
 *       ({@link Nb201Op#robotCode()}: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3). The code
 *       means to exclude the current op but compares a string with an int, so the current op stays possible; the
 *       child then equals the parent, which is already queried, and the mutation is drawn again, as it is whenever
 *       the child was queried before;</li>
 *   <li>the child is queried and joins the pool, until T queries (repeats included) were made.</li>
 * </ul>
 * Edges are in arch-string order ({@link Nb201Arch}), which is the order of RoBoT's op spec.
 */
public final class OfficialRea implements SearchStrategy {
    private static final int OPS = Nb201Op.values().length;

    private final Nb201Space space;

    /**
     * @param space the NAS-Bench-201 index order of the problems this runs on (e.g. {@code nb201.space()}); it maps
     *              indices to cells for mutation
     */
    public OfficialRea(Nb201Space space) {
        this.space = Objects.requireNonNull(space, "space");
    }

    /**
     * @param budget 3 (the smallest with a non-empty pool) to the space's size
     * @throws IllegalStateException if every neighbour of a parent was already queried: the reference code would
     *         loop forever there
     */
    @Override
    public Search run(SearchProblem problem, int budget, long seed) {
        Objects.requireNonNull(problem, "problem");
        int n = problem.size();
        if (n != space.size()) {
            throw new IllegalArgumentException("REA: problem '" + problem.name() + "' has " + n
                    + " architectures, the NAS-Bench-201 space " + space.size());
        }
        if (budget < 3 || budget > n) {
            throw new IllegalArgumentException("REA budget " + budget + " is not in 3.." + n
                    + " (its pool has int(budget / 3) members, at least one)");
        }
        var rng = new NumpyRandom(seed);
        var searched = new ArrayList<Integer>(budget);
        var seen = new HashSet<Integer>();
        var pool = new ArrayList<Integer>();
        for (int a : rng.randint(n, budget / 3)) {
            searched.add(a);
            seen.add(a);
            pool.add(a);
        }
        Comparator<Integer> best = Comparator.comparingDouble(a -> -problem.objective(a));
        while (searched.size() != budget) {
            pool.sort(best); // List.sort is stable, as Python's sorted
            int parent = pool.remove(0);
            int child = mutate(parent, seen, rng);
            searched.add(child);
            seen.add(child);
            pool.add(child);
        }
        return Search.of(problem, name(), seed, searched.stream().mapToInt(Integer::intValue).toArray(),
                seen.size());
    }

    private int mutate(int parent, Set<Integer> seen, NumpyRandom rng) {
        Nb201Arch arch = space.arch(parent);
        if (seen.containsAll(toList(space.neighbourIndices(parent)))) {
            throw new IllegalStateException("REA: every neighbour of parent " + parent + " " + arch
                    + " was already queried; the reference code would loop forever here");
        }
        while (true) {
            int edge = rng.randint(Nb201Arch.EDGES);
            Nb201Op op = Nb201Op.fromRobot(rng.choice(OPS));
            int child = space.index(arch.withOp(edge, op));
            if (!seen.contains(child)) {
                return child;
            }
        }
    }

    private static List<Integer> toList(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    /** {@code REA}, the reference code's name for it. */
    @Override
    public String name() {
        return "REA";
    }
}
