/**
 * Performance predictors: models that learn to rank architectures from a few labelled ones. {@link
 * io.trainfree.predict.Predictor} is the interface every method implements.
 */
package io.trainfree.predict;
