/**
 * Search strategies over a benchmark's architectures under a query budget: random search, evolution, REINFORCE and
 * RoBoT (Bayesian optimisation of a weighted proxy ensemble, then greedy exploitation). The numerics they stand on, the
 * Gaussian process, UCB acquisition and bayes_opt loop that follow bayes_opt 1.2.0 and scikit-learn, and the
 * numpy-exact random stream that makes runs reproducible against the reference Python code, are in
 * {@link io.trainfree.math}; RoBoT adapts its metric weights to that package's arrays. A
 * {@link io.trainfree.search.SearchProblem} is three aligned arrays (objective to maximise, query cost, value to
 * report); a {@link io.trainfree.search.SearchStrategy} queries some of them and returns a
 * {@link io.trainfree.search.Search}; {@link io.trainfree.search.SearchSummary} aggregates runs over seeds the way the
 * papers report them, and {@link io.trainfree.search.SearchSummary#curves} lays their mean best-so-far curves side by
 * side (RoBoT's Figure 2). {@link io.trainfree.search.Greedy} queries one metric's top T, the training-free baseline
 * whose per-metric mean and best ({@link io.trainfree.search.TrainingFree}) are rows of RoBoT's Table 2.
 *
 * {@snippet :
 * var nb201 = Nb201.load();
 * var problem = SearchProblem.nb201(nb201, Dataset.CIFAR10);
 * SearchSummary.run(new RandomSearch(), problem, 20, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
 * // RS on NAS-Bench-201 cifar10, T=20, 10 seeds: 93.0363 +- 0.5650, cost 2154.61 s
 * }
 */
package io.trainfree.search;
