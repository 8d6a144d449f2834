package io.trainfree.search;

/**
 * A search method: given a problem, a budget of queries and a seed, it queries architectures and returns what it
 * queried as a {@link Search}. The seed is the only source of randomness, so the same arguments give the same run.
 *
 * {@snippet :
 * SearchStrategy rs = new RandomSearch();
 * Search run = rs.run(problem, 20, 10);
 * run.reported();   // 93.14 on NAS-Bench-201 CIFAR-10, as the reference code prints for seed 10
 * }
 */
@FunctionalInterface
public interface SearchStrategy {
    /**
     * One run.
     *
     * @param budget number of distinct architectures to query (T); strategies say which budgets they accept
     * @param seed   the run's seed (0 to 2^32 - 1 for the numpy-driven strategies)
     */
    Search run(SearchProblem problem, int budget, long seed);

    /** The short name reported in tables, e.g. {@code RS}; by default the class's simple name. */
    default String name() {
        return getClass().getSimpleName();
    }
}
