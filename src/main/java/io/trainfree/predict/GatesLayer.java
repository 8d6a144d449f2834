package io.trainfree.predict;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.djl.util.Preconditions;
import java.util.Arrays;

/**
 * One GATES layer (aw_nas {@code DenseGraphSimpleOpEdgeFlow} with {@code residual_only: 1}): information flows along
 * the edges of a cell, each edge's op gating it. For node features {@code X} (B x V x d_in) and op matrix {@code A}
 * (B x V x V, {@link OpMatrix}):
 * <pre>
 * S      = X W                                  W: d_in x d_out, no bias, U(-1/&radic;d_out, 1/&radic;d_out)
 * g(o)   = sigmoid(W_g emb(o) + b_g)            one gate per op code o, W_g: d_out x e (nn.Linear defaults)
 * out_i  = sum_{j: A[i][j] != 0} g(A[i][j]) * S_j   +   S_i for i &lt; residual nodes (node 0 only in NB201)
 * </pre>
 * The op embeddings {@code emb} (5 x e) belong to the encoder and are shared by its layers: they come in as the third
 * input. Inputs: {@code X} (B x V x d_in, or 1 x V x d_in when every cell starts alike), {@code A} (INT64), the op
 * embedding table; output: B x V x d_out. No activation: the encoder puts ReLU between layers.
 */
public final class GatesLayer extends AbstractBlock {
    private final int inputSize;
    private final int outputSize;
    private final int opEmbeddingSize;
    private final int residualNodes;
    private final Parameter weight;
    private final Linear gate;

    /**
     * @param inputSize       d_in
     * @param outputSize      d_out
     * @param opEmbeddingSize e, the op embedding's length
     * @param residualNodes   how many leading nodes keep their own {@code S_i} (1 in NB201: the cell input)
     */
    public GatesLayer(int inputSize, int outputSize, int opEmbeddingSize, int residualNodes) {
        Preconditions.checkArgument(inputSize > 0 && outputSize > 0 && opEmbeddingSize > 0,
                "GATES layer sizes must be positive: in " + inputSize + ", out " + outputSize + ", op embedding "
                        + opEmbeddingSize);
        Preconditions.checkArgument(residualNodes >= 0, "residual nodes must be >= 0, got " + residualNodes);
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.opEmbeddingSize = opEmbeddingSize;
        this.residualNodes = residualNodes;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(inputSize, outputSize)).optInitializer(TorchDefaults.uniform(outputSize))
                .build());
        gate = addChildBlock("gate", TorchDefaults.linear(opEmbeddingSize, outputSize, true));
    }

    /** d_out. */
    public int outputSize() {
        return outputSize;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        return new NDList(flow(x, inputs.get(1), gateTable(ps, inputs.get(2), training),
                weight(ps, x.getDevice(), training), residualNodes));
    }

    /** W (d_in x d_out). */
    NDArray weight(ParameterStore ps, Device device, boolean training) {
        return ps.getValue(weight, device, training);
    }

    /** Every op code's gate (codes x d_out): sigmoid(W_g emb + b_g), the row of code 0 (none) zero. */
    NDArray gateTable(ParameterStore ps, NDArray opEmbedding, boolean training) {
        NDArray logits = gate.forward(ps, new NDList(opEmbedding), training).singletonOrThrow();
        long codes = logits.getShape().get(0);
        var keep = new float[(int) codes];
        Arrays.fill(keep, 1f);
        keep[0] = 0f; // code 0 is "none": no information flows
        return Activation.sigmoid(logits).mul(logits.getManager().create(keep, new Shape(codes, 1)));
    }

    /**
     * The layer as a function.
     *
     * @param x             node features, B x V x d_in (or 1 x V x d_in, broadcast)
     * @param ops           op matrices, B x V x V, INT64
     * @param gateTable     each op code's gate, codes x d_out ({@link #gateTable})
     * @param weight        W, d_in x d_out
     * @param residualNodes how many leading nodes add their own S_i
     * @return B x V x d_out
     */
    public static NDArray flow(NDArray x, NDArray ops, NDArray gateTable, NDArray weight, int residualNodes) {
        NDManager m = x.getManager();
        long nodes = x.getShape().get(1);
        NDArray support = x.matMul(weight); // (B|1) x V x d_out
        NDArray edgeGates = Embedding.embedding(ops, gateTable, SparseFormat.DENSE).singletonOrThrow(); // BxVxVxd
        NDArray out = edgeGates.mul(support.expandDims(1)).sum(new int[] {2});
        var residual = new float[(int) nodes];
        Arrays.fill(residual, 0, Math.min(residualNodes, (int) nodes), 1f);
        return out.add(support.mul(m.create(residual, new Shape(1, nodes, 1))));
    }

    /**
     * What flows into one node that keeps no residual: {@code sum_j g(ops[b, j]) * support[b, j]}.
     *
     * @param support     each cell's S of the source nodes, B x J x d_out
     * @param incomingOps the op codes on the edges from those nodes, B x J, INT64
     * @param gateTable   each op code's gate, codes x d_out
     * @return B x d_out
     */
    public static NDArray inflow(NDArray support, NDArray incomingOps, NDArray gateTable) {
        NDArray edgeGates = Embedding.embedding(incomingOps, gateTable, SparseFormat.DENSE).singletonOrThrow();
        return edgeGates.mul(support).sum(new int[] {1});
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ops = inputShapes[1];
        return new Shape[] {new Shape(ops.get(0), ops.get(1), outputSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        gate.initialize(manager, dataType, new Shape(OpMatrix.OPS, opEmbeddingSize));
    }

    @Override
    public String toString() {
        return "GatesLayer(" + inputSize + " -> " + outputSize + ", op embedding " + opEmbeddingSize + ")";
    }
}
