package io.trainfree.search;

import io.trainfree.math.NumpyRandom;
import java.util.HashSet;
import java.util.Objects;

/**
 * Random search as RoBoT's {@code search_nb201.py} runs it (docs/robot.md §4): {@code np.random.seed(seed)}, then for
 * each of the T queries draw {@code randint(n)} until an index not yet queried comes up, and query it. Driven by
 * {@link NumpyRandom}, so runs are the reference runs exactly: on NAS-Bench-201 with T = 20 and seeds 10..19,
 * CIFAR-10 93.0363 +- 0.5650 at a mean cost of 2154.61 s.
 */
public final class RandomSearch implements SearchStrategy {
    /**
     * @param budget 1 to the problem's size
     */
    @Override
    public Search run(SearchProblem problem, int budget, long seed) {
        Objects.requireNonNull(problem, "problem");
        int n = problem.size();
        if (budget < 1 || budget > n) {
            throw new IllegalArgumentException("RS budget " + budget + " is not in 1.." + n + " (the size of '"
                    + problem.name() + "')");
        }
        var rng = new NumpyRandom(seed);
        var seen = new HashSet<Integer>();
        var queried = new int[budget];
        for (int t = 0; t < budget; t++) {
            int a;
            do {
                a = rng.randint(n);
            } while (!seen.add(a));
            queried[t] = a;
        }
        return Search.of(problem, name(), seed, queried);
    }

    /** {@code RS}. */
    @Override
    public String name() {
        return "RS";
    }
}
