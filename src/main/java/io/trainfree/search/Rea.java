package io.trainfree.search;

import io.trainfree.math.NumpyRandom;
import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.space.Nb201Space;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Regularised evolution (Real et al. 2019) as NAS-Bench-201's and NASLib's baselines run it, for comparison with the
 * reference code's non-standard {@link OfficialRea}:
 * <ol>
 *   <li>fill a population of {@code population} (default 10) with random distinct architectures;</li>
 *   <li>tournament: draw {@code sampleSize} (default 3) members uniformly <em>with</em> replacement, as NASLib's
 *       {@code RegularizedEvolution} and xautodl's {@code REA.py} do; the parent is the sampled member with the
 *       highest objective (the first drawn among ties);</li>
 *   <li>mutate one uniformly drawn edge to one of the four other ops; a child that was already queried is drawn
 *       again, so that the budget counts distinct queries (if every neighbour of the parent was queried, a random
 *       unqueried architecture is taken instead);</li>
 *   <li>query the child, append it, remove the oldest member (ageing); repeat until T distinct queries.</li>
 * </ol>
 * All draws come from {@link NumpyRandom}: random members {@code randint(n)}, tournament {@code randint(size)},
 * edge {@code randint(6)}, op {@code choice(4)} over the other ops in RoBoT's code order.
 */
public final class Rea implements SearchStrategy {
    private static final int OPS = Nb201Op.values().length;

    private final Nb201Space space;
    private final int population;
    private final int sampleSize;

    /** Population 10, tournament of 3, the NAS-Bench-201 paper's setting. */
    public Rea(Nb201Space space) {
        this(space, 10, 3);
    }

    /**
     * @param space      the NAS-Bench-201 index order of the problems (e.g. {@code nb201.space()})
     * @param population population size, at least 1
     * @param sampleSize tournament size, at least 1 (drawn with replacement, so it may exceed the population)
     */
    public Rea(Nb201Space space, int population, int sampleSize) {
        this.space = Objects.requireNonNull(space, "space");
        if (population < 1) {
            throw new IllegalArgumentException("REA population must be >= 1, got " + population);
        }
        if (sampleSize < 1) {
            throw new IllegalArgumentException("REA tournament size must be >= 1, got " + sampleSize);
        }
        this.population = population;
        this.sampleSize = sampleSize;
    }

    public int population() {
        return population;
    }

    public int sampleSize() {
        return sampleSize;
    }

    /**
     * @param budget 1 to the space's size; with a budget at most the population size this is random search
     */
    @Override
    public Search run(SearchProblem problem, int budget, long seed) {
        Objects.requireNonNull(problem, "problem");
        int n = problem.size();
        problem.requireRunnable(name(), space.size(), budget);
        var rng = new NumpyRandom(seed);
        var queried = new ArrayList<Integer>(budget);
        var seen = new HashSet<Integer>();
        var alive = new ArrayDeque<Integer>(population + 1);
        while (alive.size() < population && queried.size() < budget) {
            int a = randomUnseen(n, seen, rng);
            queried.add(a);
            alive.addLast(a);
        }
        while (queried.size() < budget) {
            Integer[] members = alive.toArray(Integer[]::new);
            int parent = members[rng.randint(members.length)];
            for (int s = 1; s < sampleSize; s++) {
                int candidate = members[rng.randint(members.length)];
                if (problem.objective(candidate) > problem.objective(parent)) {
                    parent = candidate;
                }
            }
            int child = mutate(parent, seen, rng);
            queried.add(child);
            alive.addLast(child);
            alive.removeFirst();
        }
        return Search.of(problem, name(), seed, queried.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int randomUnseen(int n, Set<Integer> seen, NumpyRandom rng) {
        int a;
        do {
            a = rng.randint(n);
        } while (!seen.add(a));
        return a;
    }

    private int mutate(int parent, Set<Integer> seen, NumpyRandom rng) {
        Nb201Arch arch = space.arch(parent);
        boolean open = false;
        for (int nb : space.neighbourIndices(parent)) {
            open |= !seen.contains(nb);
        }
        if (!open) {
            return randomUnseen(space.size(), seen, rng);
        }
        while (true) {
            int edge = rng.randint(Nb201Arch.EDGES);
            int current = arch.op(edge).robotCode();
            int k = rng.choice(OPS - 1);
            Nb201Op op = Nb201Op.fromRobot(k < current ? k : k + 1);
            int child = space.index(arch.withOp(edge, op));
            if (seen.add(child)) {
                return child;
            }
        }
    }

    /** {@code REA-regularized}. */
    @Override
    public String name() {
        return "REA-regularized";
    }
}
