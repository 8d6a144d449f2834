package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.trainfree.space.Nb201Arch;
import java.util.List;

/**
 * The sequence encoder of the DELE library's NAS-Bench-201 examples (aw_nas {@code nb201-lstm} with {@code use_hid}):
 * the six op codes of a cell in {@link OpMatrix#sequence} order through Embedding(5, 100) (N(0, 1)) and one LSTM
 * layer of 100; the embedding is the final hidden state, 100-d.
 *
 * <p>The LSTM is PyTorch's {@code nn.LSTM} (gates i, f, g, o; {@code weight_ih} 4H x E, {@code weight_hh} 4H x H,
 * {@code bias_ih} and {@code bias_hh}, all U(-1/&radic;H, 1/&radic;H)), written out step by step so that shared
 * work is done once: the input projection of an op embedding has only five values (one per op code), and the state
 * after t steps depends only on the first t ops, so the first three steps run on the 5, 25 and 125 distinct prefixes
 * and only the last three per cell. {@code LstmEncoderTest} checks it against DJL's {@code LSTM} block (libtorch's
 * fused {@code lstm}) with the same weights.
 *
 * <p>Input: the sequences (B x 6, INT64); output B x 100.
 */
public final class LstmEncoder extends AbstractBlock implements ArchEncoder {
    /** aw_nas's name for it. */
    public static final String NAME = "nb201-lstm";
    /** Steps run on shared prefixes rather than per cell (5^3 = 125 prefixes). */
    private static final int SHARED_STEPS = 3;

    private final int embeddingSize;
    private final int hiddenSize;
    private final Parameter opEmbedding;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;

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
        weightIh = lstmParameter("weight_ih", Parameter.Type.WEIGHT, new Shape(4L * hiddenSize, embeddingSize));
        weightHh = lstmParameter("weight_hh", Parameter.Type.WEIGHT, new Shape(4L * hiddenSize, hiddenSize));
        biasIh = lstmParameter("bias_ih", Parameter.Type.BIAS, new Shape(4L * hiddenSize));
        biasHh = lstmParameter("bias_hh", Parameter.Type.BIAS, new Shape(4L * hiddenSize));
    }

    private Parameter lstmParameter(String name, Parameter.Type type, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape)
                .optInitializer(TorchDefaults.uniform(hiddenSize)).build());
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
        NDManager m = seq.getManager();
        NDArray wHh = ps.getValue(weightHh, seq.getDevice(), training);
        // the input projection of each op code (5 x 4H), both biases in
        NDArray emb = InBatch.rows(m, ps.getValue(opEmbedding, seq.getDevice(), training));
        NDArray table = Linear.linear(emb, ps.getValue(weightIh, seq.getDevice(), training),
                ps.getValue(biasIh, seq.getDevice(), training)).singletonOrThrow()
                .add(ps.getValue(biasHh, seq.getDevice(), training));
        // step 1 from a zero state: one state per op code
        NDList state = cell(table, null);
        // steps 2 and 3 on every prefix: row q * 5 + o continues prefix q with op o
        for (int t = 1; t < SHARED_STEPS; t++) {
            NDArray h = state.get(0);
            NDArray c = state.get(1);
            long n = h.getShape().get(0);
            NDArray gates = Linear.linear(h, wHh).singletonOrThrow().expandDims(1).add(table.expandDims(0));
            state = cell(gates, c.expandDims(1));
            state = new NDList(state.get(0).reshape(n * OpMatrix.OPS, hiddenSize),
                    state.get(1).reshape(n * OpMatrix.OPS, hiddenSize));
        }
        // the remaining steps per cell, from its prefix's state
        NDArray prefix = seq.get(new NDIndex(":, 0")).mul(25).add(seq.get(new NDIndex(":, 1")).mul(5))
                .add(seq.get(new NDIndex(":, 2")));
        NDArray h = Embedding.embedding(prefix, state.get(0), SparseFormat.DENSE).singletonOrThrow();
        NDArray c = Embedding.embedding(prefix, state.get(1), SparseFormat.DENSE).singletonOrThrow();
        for (int t = SHARED_STEPS; t < seq.getShape().get(1); t++) {
            NDArray x = Embedding.embedding(seq.get(new NDIndex(":, {}", t)), table, SparseFormat.DENSE)
                    .singletonOrThrow();
            NDList next = cell(x.add(Linear.linear(h, wHh).singletonOrThrow()), c);
            h = next.get(0);
            c = next.get(1);
        }
        return new NDList(h);
    }

    /** One LSTM step from the gate pre-activations (.. x 4H, order i, f, g, o) and the cell state (null: zero). */
    private static NDList cell(NDArray gates, NDArray c) {
        NDList parts = gates.split(4, gates.getShape().dimension() - 1);
        NDArray i = Activation.sigmoid(parts.get(0));
        NDArray g = Activation.tanh(parts.get(2));
        NDArray o = Activation.sigmoid(parts.get(3));
        NDArray next = i.mul(g);
        if (c != null) {
            next = Activation.sigmoid(parts.get(1)).mul(c).add(next);
        }
        return new NDList(o.mul(Activation.tanh(next)), next);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), hiddenSize)};
    }

    @Override
    public String toString() {
        return NAME + "(embedding " + embeddingSize + ", hidden " + hiddenSize + ")";
    }
}
