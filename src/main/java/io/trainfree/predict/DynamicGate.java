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
 * DELE's gating network: its own encoder and a head with K outputs, softmax over the experts, so each cell gets its
 * own weights w(a) (B x K, rows sum to 1).
 */
public final class DynamicGate extends AbstractBlock {
    private final ArchEncoder encoder;
    private final Head head;
    private final int experts;

    /** A gate over {@code experts} experts with a fresh encoder of {@code spec}. */
    public DynamicGate(EncoderSpec spec, int experts) {
        if (experts < 1) {
            throw new IllegalArgumentException("a gate needs at least one expert, got " + experts);
        }
        this.experts = experts;
        encoder = addChildBlock("encoder", spec.newEncoder());
        head = addChildBlock("head", spec.newHead(encoder.outputSize(), experts));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray embedding = encoder.forward(ps, inputs, training).singletonOrThrow();
        NDArray logits = head.forward(ps, new NDList(embedding), training).singletonOrThrow();
        return new NDList(logits.softmax(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), experts)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, new Shape(1, encoder.outputSize()));
    }
}
