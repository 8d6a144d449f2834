/**
 * Evaluation of rankings: how well a score (a proxy, a predictor) orders architectures by a target such as test
 * accuracy. Spearman's rho and Kendall's tau come from Smile's {@code CorTest}; NaN pairs are omitted and counted.
 */
package io.trainfree.eval;
