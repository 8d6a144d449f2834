package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The static-ensemble ablation (aw_nas {@code use_uniform_confidence}): one learnable vector of K logits, initialised
 * to 1/K, softmax; every cell gets the same weights. Input: the cells' input array (only its batch size is read);
 * output B x K.
 */
public final class StaticGate extends AbstractBlock {
    private final int experts;
    private final Parameter confidence;

    /** Uniform weights over {@code experts} experts to start with. */
    public StaticGate(int experts) {
        if (experts < 1) {
            throw new IllegalArgumentException("a gate needs at least one expert, got " + experts);
        }
        this.experts = experts;
        confidence = addParameter(Parameter.builder().setName("confidence").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, experts)).optInitializer(new ConstantInitializer(1f / experts)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray logits = InBatch.rows(x.getManager(), ps.getValue(confidence, x.getDevice(), training));
        NDArray ones = x.getManager().ones(new Shape(x.getShape().get(0), 1));
        return new NDList(ones.matMul(logits.softmax(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), experts)};
    }
}
