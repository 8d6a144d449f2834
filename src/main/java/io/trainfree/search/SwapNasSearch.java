package io.trainfree.search;

import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import io.trainfree.space.Nb201Space;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * SWAP-NAS ({@link SwapNas}) on NAS-Bench-201 as a {@link SearchStrategy}: the genome is a cell's index, the fitness
 * the problem's objective (regularised SWAP from a committed table, for SWAP-NAS), mutation changes one edge to one of
 * the four other ops, crossover takes each edge's op from either parent. The budget counts distinct cells scored; the
 * pick is the best scored.
 */
public final class SwapNasSearch implements SearchStrategy {
    private final Nb201Space space;
    private final SwapNas.Settings settings;

    public SwapNasSearch(Nb201Space space, SwapNas.Settings settings) {
        this.space = Objects.requireNonNull(space, "space");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Search run(SearchProblem problem, int budget, long seed) {
        Objects.requireNonNull(problem, "problem");
        problem.requireRunnable(name(), space.size(), budget);
        var operators = new SwapNas.Operators<Integer>() {
            @Override
            public Integer random(RandomGenerator rng) {
                return rng.nextInt(space.size());
            }

            @Override
            public Integer mutate(Integer parent, RandomGenerator rng) {
                Nb201Arch a = space.arch(parent);
                int edge = rng.nextInt(Nb201Arch.EDGES);
                int other = rng.nextInt(Nb201Op.values().length - 1);
                int current = a.op(edge).ordinal();
                return space.index(a.withOp(edge, Nb201Op.values()[other >= current ? other + 1 : other]));
            }

            @Override
            public Integer crossover(Integer x, Integer y, RandomGenerator rng) {
                Nb201Arch a = space.arch(x);
                Nb201Arch b = space.arch(y);
                Nb201Arch child = a;
                for (int e = 0; e < Nb201Arch.EDGES; e++) {
                    if (rng.nextBoolean()) {
                        child = child.withOp(e, b.op(e));
                    }
                }
                return space.index(child);
            }
        };
        var search = new SwapNas<>(settings, operators, problem::objective);
        int[] queried = search.run(budget, new SplittableRandom(seed)).stream()
                .mapToInt(s -> s.genome()).toArray();
        return Search.of(problem, name(), seed, queried);
    }

    @Override
    public String name() {
        return "SWAP-NAS";
    }
}
