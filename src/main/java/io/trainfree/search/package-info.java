/**
 * Search strategies over a benchmark space: random search, evolution, REINFORCE and RoBoT's Bayesian optimisation
 * (a hand-written Gaussian process and UCB acquisition that follow bayes_opt 1.2.0 and scikit-learn).
 */
package io.trainfree.search;
