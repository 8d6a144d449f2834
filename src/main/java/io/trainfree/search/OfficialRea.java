package io.trainfree.search;

import io.trainfree.bench.Tnb101;
import io.trainfree.math.NumpyRandom;
import io.trainfree.space.Nb201Space;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The "REA" of RoBoT's {@code search_nb201.py} and {@code search_tnb101.py}, reproduced with all its quirks
 * (docs/robot.md §4, §5 and §10.12), so that its published numbers come out exactly: on NAS-Bench-201 with T = 20 and
 * seeds 10..19, CIFAR-10 92.6338 +- 1.1155 at a mean cost of 2198.68 s. It is not regularised evolution (see {@link
 * Rea} for that):
 * <ul>
 *   <li>pool size {@code int(T / 3)}, initialised with {@code randint(n, size=P)}, with replacement: a duplicate is
 *       queried, costed and counted towards T twice (see {@link Search} for how repeats are recorded);</li>
 *   <li>each step sorts the pool by objective, descending and stable, takes the best as parent and removes it from
 *       the pool; no tournament, no ageing;</li>
 *   <li>mutation draws a position {@code randint(len(spec))} and a value {@code choice(alphabet)} (see
 *       {@link ArchCodes}: NAS-Bench-201 RoBoT op codes 0..4, TNB micro 0..3, TNB macro 1..4). The code means to
 *       exclude the current value but compares a string with an int, so the current value stays possible; the
 *       child then equals the parent, which is already queried, and the mutation is drawn again, as it is whenever
 *       the child was queried before or (TNB macro) is not in the space;</li>
 *   <li>the child is queried and joins the pool, until T queries (repeats included) were made.</li>
 * </ul>
 *
 * {@snippet :
 * var macro = Tnb101.load(Tnb101Space.MACRO);
 * SearchSummary.run(OfficialRea.tnb101(macro), SearchProblem.tnb101(macro, Tnb101Task.JIGSAW), 100,
 *         SearchSummary.seeds(10, 20));
 * }
 */
public final class OfficialRea implements SearchStrategy {
    private final ArchCodes codes;

    /**
     * @param space the NAS-Bench-201 index order of the problems this runs on (e.g. {@code nb201.space()}); it maps
     *              indices to cells for mutation
     */
    public OfficialRea(Nb201Space space) {
        this(ArchCodes.nb201(Objects.requireNonNull(space, "space")));
    }

    /** @param codes the code lists of the problems' architectures, by index, which mutation changes */
    public OfficialRea(ArchCodes codes) {
        this.codes = Objects.requireNonNull(codes, "codes");
    }

    /** The reference REA on a TransNAS-Bench-101 space ({@link ArchCodes#tnb101}). */
    public static OfficialRea tnb101(Tnb101 bench) {
        return new OfficialRea(ArchCodes.tnb101(bench));
    }

    public ArchCodes codes() {
        return codes;
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
        if (n != codes.size()) {
            throw new IllegalArgumentException("REA: problem '" + problem.name() + "' has " + n
                    + " architectures, the codes of " + codes.name() + " " + codes.size());
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
            int child = mutate(problem, parent, seen, rng);
            searched.add(child);
            seen.add(child);
            pool.add(child);
        }
        return Search.of(problem, name(), seed, searched.stream().mapToInt(Integer::intValue).toArray(),
                seen.size());
    }

    private int mutate(SearchProblem problem, int parent, Set<Integer> seen, NumpyRandom rng) {
        boolean open = false;
        for (int nb : codes.neighbours(parent)) {
            open |= !seen.contains(nb);
        }
        if (!open) {
            throw new IllegalStateException("REA: every neighbour of parent " + parent + " " + problem.arch(parent)
                    + " was already queried; the reference code would loop forever here");
        }
        int[] spec = codes.codes(parent);
        int[] alphabet = codes.alphabet();
        while (true) {
            int position = rng.randint(spec.length); // drawn first, as in the reference
            int value = alphabet[rng.choice(alphabet.length)];
            int[] child = spec.clone();
            child[position] = value;
            OptionalInt c = codes.index(child);
            if (c.isPresent() && !seen.contains(c.getAsInt())) {
                return c.getAsInt();
            }
        }
    }

    /** {@code REA}, the reference code's name for it. */
    @Override
    public String name() {
        return "REA";
    }
}
