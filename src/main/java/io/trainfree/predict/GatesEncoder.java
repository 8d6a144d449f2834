package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import java.util.ArrayList;
import java.util.List;

/**
 * GATES on NAS-Bench-201 (aw_nas {@code nb201-flow}, the DELE paper's main encoder): op embeddings 5 x 48 (N(0, 1));
 * node 0 a learnable 48-d embedding (N(0, 1)), nodes 1 to 3 a fixed zero vector; all node vectors through Linear(48
 * -> 96, bias) to X; then five {@link GatesLayer}s of 128 with the residual on node 0 only, ReLU between layers and
 * none after the last; the embedding is the output node's (node 3) final vector, 128-d.
 *
 * <p>Input: op matrices (B x 4 x 4, {@link OpMatrix}); output B x 128. Every cell starts from the same node vectors
 * (X is computed once), and the layers before the last run on the 1 + 5 + 125 distinct inputs of nodes 0, 1 and 2
 * rather than on every cell (see {@link #forwardInternal}).
 */
public final class GatesEncoder extends AbstractBlock implements ArchEncoder {
    /** aw_nas's name for it. */
    public static final String NAME = "nb201-flow";

    private final int opEmbeddingSize;
    private final int nodeEmbeddingSize;
    private final int hiddenSize;
    private final int[] layerSizes;
    private final Parameter opEmbedding;
    private final Parameter inputNodeEmbedding;
    private final Linear nodeTransform;
    private final List<GatesLayer> layers = new ArrayList<>();

    /** The DELE paper's sizes: op and node embeddings 48, hidden 96, five layers of 128. */
    public GatesEncoder() {
        this(48, 48, 96, new int[] {128, 128, 128, 128, 128});
    }

    /**
     * @param opEmbeddingSize   length of an op embedding
     * @param nodeEmbeddingSize length of the input node's embedding
     * @param hiddenSize        X's width
     * @param layerSizes        each GATES layer's output size
     */
    public GatesEncoder(int opEmbeddingSize, int nodeEmbeddingSize, int hiddenSize, int[] layerSizes) {
        if (layerSizes.length == 0) {
            throw new IllegalArgumentException("GATES needs at least one layer");
        }
        this.opEmbeddingSize = opEmbeddingSize;
        this.nodeEmbeddingSize = nodeEmbeddingSize;
        this.hiddenSize = hiddenSize;
        this.layerSizes = layerSizes.clone();
        opEmbedding = addParameter(Parameter.builder().setName("op_embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(OpMatrix.OPS, opEmbeddingSize)).optInitializer(TorchDefaults.normal()).build());
        inputNodeEmbedding = addParameter(Parameter.builder().setName("input_node_embedding")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(1, nodeEmbeddingSize))
                .optInitializer(TorchDefaults.normal()).build());
        nodeTransform = addChildBlock("x_hidden", TorchDefaults.linear(nodeEmbeddingSize, hiddenSize, true));
        int in = hiddenSize;
        for (int i = 0; i < layerSizes.length; i++) {
            layers.add(addChildBlock("gates" + i, new GatesLayer(in, layerSizes[i], opEmbeddingSize, 1)));
            in = layerSizes[i];
        }
    }

    @Override
    public int outputSize() {
        return layerSizes[layerSizes.length - 1];
    }

    /**
     * The output node's final vector, computed once per distinct input of each node. In a NAS-Bench-201 cell node 0
     * is the same for every cell, node 1 depends only on the op 0->1 (5 cases), node 2 on the ops 0->1, 0->2, 1->2 (125
     * cases), and node 3 feeds nothing but the output. So layers 1 to L-1 run on 1 + 5 + 125 node vectors, and only
     * the last layer's inflow into node 3 is computed per cell (five gathers and a weighted sum). Equal to {@link
     * #forwardFullGraph} (the layers on every cell's whole graph, which is how GATES is defined) up to float rounding,
     * at a fraction of the cost.
     */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ops = inputs.singletonOrThrow();
        NDManager m = ops.getManager();
        NDArray opEmb = InBatch.rows(m, ps.getValue(opEmbedding, ops.getDevice(), training));
        NDArray x = nodeVectors(ps, m, training);
        // node 0: 1 x d; node 1: 5 x d (row a10); node 2: 125 x d (row 25 a10 + 5 a20 + a21)
        NDArray y0 = x.get(new NDIndex("0:1"));
        NDArray y1 = x.get(new NDIndex("1:2"));
        NDArray y2 = x.get(new NDIndex("2:3"));
        var p10 = new long[125];
        var p20 = new long[125];
        var p21 = new long[125];
        for (int p = 0; p < 125; p++) {
            p10[p] = p / 25;
            p20[p] = p / 5 % 5;
            p21[p] = p % 5;
        }
        NDArray prefix10 = m.create(p10);
        NDArray prefix20 = m.create(p20);
        NDArray prefix21 = m.create(p21);
        for (int i = 0; i < layers.size() - 1; i++) {
            GatesLayer layer = layers.get(i);
            NDArray w = layer.weight(ps, ops.getDevice(), training);
            NDArray gates = layer.gateTable(ps, opEmb, training);
            NDArray s0 = y0.matMul(w);
            NDArray s1 = y1.matMul(w); // node 2's S feeds only node 3, which only the last layer computes
            if (s1.getShape().get(0) == 1) { // the first layer: node 1 starts alike in every cell
                s1 = s1.repeat(0, OpMatrix.OPS);
            }
            NDArray next1 = gates.mul(s0); // row a10: g(a10) S_0
            NDArray next2 = gather(gates, prefix20).mul(s0).add(gather(gates, prefix21).mul(gather(s1, prefix10)));
            y0 = Activation.relu(s0);
            y1 = Activation.relu(next1);
            y2 = Activation.relu(next2);
        }
        GatesLayer last = layers.get(layers.size() - 1);
        NDArray w = last.weight(ps, ops.getDevice(), training);
        NDArray gates = last.gateTable(ps, opEmb, training);
        NDArray s0 = y0.matMul(w);
        NDArray s1 = y1.matMul(w);
        NDArray s2 = y2.matMul(w);
        long b = ops.getShape().get(0);
        NDArray cellA10 = ops.get(new NDIndex(":, 1, 0"));
        NDArray out = gather(gates, ops.get(new NDIndex(":, 3, 0"))).mul(s0)
                .add(gather(gates, ops.get(new NDIndex(":, 3, 1"))).mul(s1.getShape().get(0) == 1
                        ? s1 : gather(s1, cellA10)));
        NDArray cellPrefix = s2.getShape().get(0) == 1 ? m.zeros(new Shape(b), DataType.INT64)
                : cellA10.mul(25).add(ops.get(new NDIndex(":, 2, 0")).mul(5)).add(ops.get(new NDIndex(":, 2, 1")));
        out = out.add(gather(gates, ops.get(new NDIndex(":, 3, 2"))).mul(gather(s2, cellPrefix)));
        return new NDList(out);
    }

    /** Rows {@code index} of {@code table}, differentiable in the table. */
    private static NDArray gather(NDArray table, NDArray index) {
        return Embedding.embedding(index, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /**
     * The same embedding computed as GATES defines it: every layer on every cell's whole 4-node graph, then node 3.
     * Slower; kept to check {@link #forwardInternal} against.
     */
    NDArray forwardFullGraph(ParameterStore ps, NDArray ops, boolean training) {
        NDManager m = ops.getManager();
        NDArray opEmb = InBatch.rows(m, ps.getValue(opEmbedding, ops.getDevice(), training));
        NDArray y = nodeVectors(ps, m, training).expandDims(0);
        for (int i = 0; i < layers.size(); i++) {
            y = layers.get(i).forward(ps, new NDList(y, ops, opEmb), training).singletonOrThrow();
            if (i < layers.size() - 1) {
                y = Activation.relu(y);
            }
        }
        return y.get(new NDIndex(":, {}, :", OpMatrix.NODES - 1));
    }

    /** X: the four nodes' starting vectors (4 x hidden), the same for every cell. */
    private NDArray nodeVectors(ParameterStore ps, NDManager m, boolean training) {
        // rows gathered by index arrays of the batch, so that every result belongs to the batch's manager
        NDArray inputNode = InBatch.rows(m, ps.getValue(inputNodeEmbedding, m.getDevice(), training));
        NDArray nodes = inputNode.concat(m.zeros(new Shape(OpMatrix.NODES - 1, nodeEmbeddingSize)), 0);
        return nodeTransform.forward(ps, new NDList(nodes), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), outputSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        nodeTransform.initialize(manager, dataType, new Shape(OpMatrix.NODES, nodeEmbeddingSize));
        Shape ops = new Shape(1, OpMatrix.NODES, OpMatrix.NODES);
        Shape emb = new Shape(OpMatrix.OPS, opEmbeddingSize);
        int in = hiddenSize;
        for (GatesLayer layer : layers) {
            layer.initialize(manager, dataType, new Shape(1, OpMatrix.NODES, in), ops, emb);
            in = layer.outputSize();
        }
    }

    @Override
    public String toString() {
        return NAME + "(op " + opEmbeddingSize + ", node " + nodeEmbeddingSize + ", hidden " + hiddenSize
                + ", layers " + java.util.Arrays.toString(layerSizes) + ")";
    }
}
