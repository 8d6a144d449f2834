/**
 * Evaluation of rankings: how well a score (a proxy, a predictor) orders architectures by a target such as test
 * accuracy. Spearman's rho and Kendall's tau come from Smile's {@code CorTest}; NaN pairs are omitted and counted.
 * {@link io.trainfree.eval.Precision} gives precision@T, the overlap of a score's top-T with the true top-T, and the
 * expected true rank RoBoT's theory derives from it. {@link io.trainfree.eval.ProxyCorrelations} sets a proxy table
 * beside the benchmark: its columns joined with metrics, its correlations, its agreement with NAS-Bench-Suite-Zero.
 */
package io.trainfree.eval;
