/**
 * Evaluation of rankings: how well a score (a proxy, a predictor) orders architectures by a target such as test
 * accuracy. {@link io.trainfree.eval.Correlation} gives Spearman's rho and Kendall's tau-b as scipy computes them; NaN
 * pairs are omitted and counted. {@link io.trainfree.eval.RankMetrics} has the O(n log n) Kendall's tau-b and DELE's
 * top-K precision and tau for predictors. {@link io.trainfree.eval.Precision} gives precision@T, the overlap of a
 * score's top-T with the true top-T, and the expected true rank RoBoT's theory derives from it. {@link
 * io.trainfree.eval.ProxyCorrelations} sets a proxy table beside the benchmark: its columns joined with metrics, its
 * correlations, its agreement with NAS-Bench-Suite-Zero.
 */
package io.trainfree.eval;
