package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cheapest baseline encoder (not in the paper): the one-hot op encoding of a cell, 6 edges x 5 ops = 30 inputs in
 * {@link OpMatrix#sequence} order, through Linear layers with ReLU after each (nn.Linear defaults). Default sizes
 * 30 -> 128 -> 128.
 *
 * <p>Input: the op sequences (B x 6, INT64), one-hot encoded inside; output B x last size.
 */
public final class MlpEncoder extends AbstractBlock implements ArchEncoder {
    /** The name it is known by. */
    public static final String NAME = "nb201-mlp";
    private static final int INPUTS = OpMatrix.ROW.length * OpMatrix.OPS;

    private final int[] sizes;
    private final List<Linear> layers = new ArrayList<>();

    /** Two layers of 128. */
    public MlpEncoder() {
        this(new int[] {128, 128});
    }

    /** @param sizes each layer's width (at least one) */
    public MlpEncoder(int[] sizes) {
        if (sizes.length == 0 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("MLP encoder layer sizes must be at least one positive width, got "
                    + Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
        int in = INPUTS;
        for (int i = 0; i < sizes.length; i++) {
            layers.add(addChildBlock("linear" + i, TorchDefaults.linear(in, sizes[i], true)));
            in = sizes[i];
        }
    }

    @Override
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** The cells' op sequences (B x 6, INT64). */
    @Override
    public NDArray input(NDManager manager, List<Nb201Arch> archs) {
        return LstmEncoder.sequences(manager, archs);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray seq = inputs.singletonOrThrow();
        NDArray y = seq.oneHot(OpMatrix.OPS).reshape(seq.getShape().get(0), INPUTS);
        for (Linear layer : layers) {
            y = Activation.relu(layer.forward(ps, new NDList(y), training).singletonOrThrow());
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int in = INPUTS;
        for (Linear layer : layers) {
            layer.initialize(manager, dataType, new Shape(1, in));
            in = (int) layer.getOutputShapes(new Shape[] {new Shape(1, in)})[0].get(1);
        }
    }

    @Override
    public String toString() {
        return NAME + Arrays.toString(sizes);
    }
}
