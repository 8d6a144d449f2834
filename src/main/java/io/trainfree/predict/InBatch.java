package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * Keeps a forward pass's arrays in the batch's manager. DJL attaches the result of an op to its first operand's
 * manager; an op that starts from a parameter would put its result in the parameters' manager, which lives as long as
 * the model, and every step would leave arrays behind there. A parameter that has to come first goes through
 * {@link #rows} instead: a differentiable copy in the batch's manager.
 */
final class InBatch {
    private InBatch() {
    }

    /** All rows of {@code parameter} (first axis), gathered by an index array of {@code m}: a copy in {@code m}. */
    static NDArray rows(NDManager m, NDArray parameter) {
        NDArray all = m.arange(0, (int) parameter.getShape().get(0), 1, DataType.INT64);
        return Embedding.embedding(all, parameter, SparseFormat.DENSE).singletonOrThrow();
    }
}
