package io.trainfree.predict;

import java.util.List;

/**
 * A performance predictor: learns from architectures with labels (higher is better) and scores others. Only the
 * order of the scores is meaningful; every predictor is judged by rank correlation with the truth.
 *
 * <p>One class per method (a neural predictor with its encoder and training manner, a random forest, a Gaussian
 * process, ...). A predictor that holds native resources (DJL parameters) releases them on {@link #close()}.
 *
 * @param <A> the architecture type
 */
public interface Predictor<A> extends AutoCloseable {
    /**
     * Trains on {@code archs} with their {@code labels}, replacing what an earlier fit learned.
     *
     * @throws IllegalArgumentException if the lists differ in length or are too small to learn from (the message says
     *                                  which)
     */
    void fit(List<A> archs, double[] labels);

    /** The predicted scores of {@code archs}, in their order. */
    double[] scores(List<A> archs);

    /** Releases native resources; the default holds none. */
    @Override
    default void close() {
    }
}
