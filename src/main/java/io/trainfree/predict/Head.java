package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The MLP on an embedding (aw_nas {@code construct_mlp}): each hidden layer Linear -> ReLU -> Dropout, then a Linear to
 * the outputs (1 for an expert's score, K for a gate's logits). nn.Linear default initialisation. Input B x in, output
 * B x outputs.
 */
public final class Head extends AbstractBlock {
    private final int inputSize;
    private final List<Integer> hidden;
    private final int outputs;
    private final float dropout;
    private final List<Linear> layers = new ArrayList<>();

    /**
     * @param inputSize the embedding's length
     * @param hidden    hidden widths (empty: one Linear)
     * @param dropout   dropout rate after each hidden layer, in [0, 1)
     * @param outputs   output width
     */
    public Head(int inputSize, List<Integer> hidden, double dropout, int outputs) {
        if (inputSize < 1 || outputs < 1 || hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("head sizes must be positive: in " + inputSize + ", hidden " + hidden
                    + ", out " + outputs);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("head dropout must be in [0, 1), got " + dropout);
        }
        this.inputSize = inputSize;
        this.hidden = List.copyOf(hidden);
        this.outputs = outputs;
        this.dropout = (float) dropout;
        int in = inputSize;
        for (int i = 0; i < hidden.size(); i++) {
            layers.add(addChildBlock("linear" + i, TorchDefaults.linear(in, hidden.get(i), true)));
            in = hidden.get(i);
        }
        layers.add(addChildBlock("out", TorchDefaults.linear(in, outputs, true)));
    }

    /** Output width. */
    public int outputs() {
        return outputs;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray y = inputs.singletonOrThrow();
        for (int i = 0; i < layers.size(); i++) {
            y = layers.get(i).forward(ps, new NDList(y), training).singletonOrThrow();
            if (i < layers.size() - 1) {
                y = Activation.relu(y);
                if (dropout > 0) {
                    y = Dropout.dropout(y, dropout, training).singletonOrThrow();
                }
            }
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputs)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int in = inputSize;
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).initialize(manager, dataType, new Shape(1, in));
            in = i < hidden.size() ? hidden.get(i) : outputs;
        }
    }

    @Override
    public String toString() {
        return "Head(" + inputSize + " -> " + hidden + " -> " + outputs + ", dropout " + dropout + ")";
    }
}
