package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.trainfree.space.Nb201Arch;
import java.util.List;

/**
 * The sequence encoder of the DELE library's NAS-Bench-201 examples (aw_nas {@code nb201-lstm} with {@code use_hid}):
 * the six op codes of a cell in {@link OpMatrix#sequence} order through Embedding(5, 100) (N(0, 1)) and one LSTM
 * layer of 100 (PyTorch's U(-1/&radic;100, 1/&radic;100) on every weight and both biases); the embedding is the final
 * hidden state, 100-d.
 *
 * <p>Input: the sequences (B x 6, INT64); output B x 100.
 */
public final class LstmEncoder extends AbstractBlock implements ArchEncoder {
    /** aw_nas's name for it. */
    public static final String NAME = "nb201-lstm";

    private final int embeddingSize;
    private final int hiddenSize;
    private final Parameter opEmbedding;
    private final LSTM lstm;

    /** The example configuration's sizes: embedding 100, hidden 100. */
    public LstmEncoder() {
        this(100, 100);
    }

    /**
     * @param embeddingSize length of an op embedding
     * @param hiddenSize    the LSTM's state size, the embedding's length
     */
    public LstmEncoder(int embeddingSize, int hiddenSize) {
        if (embeddingSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("LSTM encoder sizes must be positive: embedding " + embeddingSize
                    + ", hidden " + hiddenSize);
        }
        this.embeddingSize = embeddingSize;
        this.hiddenSize = hiddenSize;
        opEmbedding = addParameter(Parameter.builder().setName("op_embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(OpMatrix.OPS, embeddingSize)).optInitializer(TorchDefaults.normal()).build());
        lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hiddenSize).setNumLayers(1).optBatchFirst(true)
                .optReturnState(true).build());
        lstm.setInitializer(TorchDefaults.uniform(hiddenSize), p -> true);
    }

    @Override
    public int outputSize() {
        return hiddenSize;
    }

    /** The cells' op sequences (B x 6, INT64). */
    @Override
    public NDArray input(NDManager manager, List<Nb201Arch> archs) {
        return sequences(manager, archs);
    }

    /** The cells' op sequences in {@link OpMatrix#sequence} order, B x 6, INT64. */
    static NDArray sequences(NDManager manager, List<Nb201Arch> archs) {
        int n = OpMatrix.ROW.length;
        var flat = new long[archs.size() * n];
        for (int b = 0; b < archs.size(); b++) {
            int[] s = OpMatrix.sequence(archs.get(b));
            for (int k = 0; k < n; k++) {
                flat[b * n + k] = s[k];
            }
        }
        return manager.create(flat, new Shape(archs.size(), n));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray seq = inputs.singletonOrThrow();
        NDArray emb = Embedding.embedding(seq, ps.getValue(opEmbedding, seq.getDevice(), training),
                SparseFormat.DENSE).singletonOrThrow();
        NDList out = lstm.forward(ps, new NDList(emb), training);
        NDArray finalHidden = out.get(1); // layers x B x hidden
        return new NDList(finalHidden.get(0));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), hiddenSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        lstm.initialize(manager, dataType, new Shape(1, OpMatrix.ROW.length, embeddingSize));
    }

    @Override
    public String toString() {
        return NAME + "(embedding " + embeddingSize + ", hidden " + hiddenSize + ")";
    }
}
