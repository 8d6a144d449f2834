/**
 * Evaluation of rankings: how well a score (a proxy, a predictor) orders architectures by a target such as test
 * accuracy. Spearman's rho and Kendall's tau come from Smile's {@code CorTest}; NaN pairs are omitted and counted.
 * {@link io.trainfree.eval.Precision} gives precision@T, the overlap of a score's top-T with the true top-T, and the
 * expected true rank RoBoT's theory derives from it.
 */
package io.trainfree.eval;
