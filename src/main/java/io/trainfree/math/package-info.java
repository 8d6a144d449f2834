/**
 * Numerical code on plain {@code double} arrays, kept apart from the models that use it: the Gaussian-process
 * regression ({@link io.trainfree.math.GaussianProcess}), the UCB maximiser
 * ({@link io.trainfree.math.UcbMaximizer}) and the Bayesian-optimisation loop
 * ({@link io.trainfree.math.BayesianOptimizer}) that reproduce bayes_opt 1.2.0 on scikit-learn and scipy, with a
 * small box-constrained L-BFGS standing in for scipy's L-BFGS-B; numpy's legacy random stream, bit for bit
 * ({@link io.trainfree.math.NumpyRandom}); and the little dense linear algebra of small matrices
 * ({@link io.trainfree.math.Linalg}: symmetric eigenvalues, slogdet, corrcoef). All of it is pure Java, because
 * Smile's matrix code needs a native BLAS that trainfree does not ship.
 *
 * <p>The package imports nothing else of trainfree (only the JDK), so that search strategies, proxies and predictors
 * can all build on it; a caller adapts its own types to these arrays and functions, as RoBoT does with its metric
 * weights. {@code MathPackageTest} holds the package to that.
 *
 * {@snippet :
 * var run = BayesianOptimizer.maximize(w -> -(w[0] - 0.3) * (w[0] - 0.3), new double[] {-1}, new double[] {1}, 15,
 *         new NumpyRandom(7)::randomSample, new NumpyRandom(7)::randomSample, new BayesianOptimizer.Options());
 * run.best().x();   // close to 0.3
 * }
 */
package io.trainfree.math;
