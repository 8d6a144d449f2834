package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One expert (aw_nas {@code PointwiseComparator}): an encoder and a head with one output, giving each cell a raw
 * score (no sigmoid; only the order matters). Input: the encoder's input array; output: B scores.
 */
public final class Expert extends AbstractBlock {
    private final ArchEncoder encoder;
    private final Head head;

    /** A new expert: a fresh encoder of {@code spec} and a one-output head. */
    public Expert(EncoderSpec spec) {
        encoder = addChildBlock("encoder", spec.newEncoder());
        head = addChildBlock("head", spec.newHead(encoder.outputSize(), 1));
    }

    /** Its encoder. */
    public ArchEncoder encoder() {
        return encoder;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray embedding = encoder.forward(ps, inputs, training).singletonOrThrow();
        NDArray score = head.forward(ps, new NDList(embedding), training).singletonOrThrow();
        return new NDList(score.reshape(-1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, new Shape(1, encoder.outputSize()));
    }
}
