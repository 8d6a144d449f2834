package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
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
 * <p>Input: op matrices (B x 4 x 4, {@link OpMatrix}); output B x 128. Since every cell starts from the same node
 * vectors, X is computed once (1 x 4 x 96) and broadcast by the first layer.
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

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ops = inputs.singletonOrThrow();
        NDManager m = ops.getManager();
        // rows gathered by index arrays of the batch, so that every result belongs to the batch's manager
        NDArray inputNode = InBatch.rows(m, ps.getValue(inputNodeEmbedding, ops.getDevice(), training));
        NDArray nodes = inputNode.concat(m.zeros(new Shape(OpMatrix.NODES - 1, nodeEmbeddingSize)), 0);
        NDArray y = nodeTransform.forward(ps, new NDList(nodes), training).singletonOrThrow().expandDims(0);
        NDArray opEmb = InBatch.rows(m, ps.getValue(opEmbedding, ops.getDevice(), training));
        for (int i = 0; i < layers.size(); i++) {
            y = layers.get(i).forward(ps, new NDList(y, ops, opEmb), training).singletonOrThrow();
            if (i < layers.size() - 1) {
                y = Activation.relu(y);
            }
        }
        return new NDList(y.get(new NDIndex(":, {}, :", OpMatrix.NODES - 1)));
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
