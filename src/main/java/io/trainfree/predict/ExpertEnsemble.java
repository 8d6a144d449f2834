package io.trainfree.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * K experts and the gate that mixes them (aw_nas {@code DynamicEnsemblePointwiseComparator}): {@code f(a) = sum_k
 * w_k(a) s_k(a)} on the experts' raw scores. With one expert and no gate it is a single predictor (vanilla,
 * pretrain-and-finetune), {@code f = s_0}. Nothing is shared: K encoders for the experts and one more for a dynamic
 * gate. Input: the encoders' input array (B rows); output: f, B values.
 */
public final class ExpertEnsemble extends AbstractBlock {
    /** How the experts' scores are mixed. */
    public enum Gating {
        /** One expert, its score as it is. */
        NONE,
        /** {@link DynamicGate}: weights per cell from a gating network (DELE). */
        DYNAMIC,
        /** {@link StaticGate}: one learnable weight vector for all cells (the static-ensemble ablation). */
        STATIC
    }

    private final EncoderSpec spec;
    private final Gating gating;
    private final List<Expert> experts = new ArrayList<>();
    private final Block gate;

    /**
     * @param spec    the encoder and head of every expert (and of a dynamic gate)
     * @param experts K
     * @param gating  how they are mixed; {@link Gating#NONE} needs K = 1
     */
    public ExpertEnsemble(EncoderSpec spec, int experts, Gating gating) {
        this.spec = spec;
        this.gating = gating;
        if (experts < 1) {
            throw new IllegalArgumentException("an ensemble needs at least one expert, got " + experts);
        }
        if (gating == Gating.NONE && experts != 1) {
            throw new IllegalArgumentException("without a gate there is one expert, got " + experts);
        }
        for (int k = 0; k < experts; k++) {
            this.experts.add(addChildBlock("expert" + k, new Expert(spec)));
        }
        gate = switch (gating) {
            case NONE -> null;
            case DYNAMIC -> addChildBlock("gate", new DynamicGate(spec, experts));
            case STATIC -> addChildBlock("gate", new StaticGate(experts));
        };
    }

    /** The encoder spec. */
    public EncoderSpec spec() {
        return spec;
    }

    /** How the experts are mixed. */
    public Gating gating() {
        return gating;
    }

    /** K. */
    public int expertCount() {
        return experts.size();
    }

    /** The experts, in order. */
    public List<Expert> experts() {
        return Collections.unmodifiableList(experts);
    }

    /** The gate, absent for {@link Gating#NONE}. */
    public Optional<Block> gate() {
        return Optional.ofNullable(gate);
    }

    /** Every expert's raw scores, K x B. */
    public NDArray expertScores(ParameterStore ps, NDArray input, boolean training) {
        var scores = new NDList();
        for (Expert e : experts) {
            scores.add(e.forward(ps, new NDList(input), training).singletonOrThrow());
        }
        return scores.size() == 1 ? scores.get(0).expandDims(0) : NDArrays.stack(scores);
    }

    /** The experts' weights per cell, B x K (ones for a single expert without a gate). */
    public NDArray weights(ParameterStore ps, NDArray input, boolean training) {
        if (gate == null) {
            return input.getManager().ones(new Shape(input.getShape().get(0), 1));
        }
        return gate.forward(ps, new NDList(input), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray scores = expertScores(ps, input, training);
        if (gate == null) {
            return new NDList(scores.get(0));
        }
        NDArray w = weights(ps, input, training);
        return new NDList(w.transpose().mul(scores).sum(new int[] {0}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Expert e : experts) {
            e.initialize(manager, dataType, inputShapes);
        }
        if (gate != null) {
            gate.initialize(manager, dataType, inputShapes);
        }
    }

    /**
     * Every parameter by its path in the block tree ({@code 01expert0.01encoder.02x_hidden.weight}), experts first,
     * in a fixed order: the keys of saved optimizer states.
     */
    public Map<String, Parameter> parameterPaths() {
        return ParameterPaths.of(this);
    }

    /** The gate's parameters by path (empty without a gate). */
    public Map<String, Parameter> gateParameterPaths() {
        if (gate == null) {
            return Map.of();
        }
        String prefix = getChildren().stream().filter(p -> p.getValue() == gate).findFirst().orElseThrow().getKey();
        return ParameterPaths.of(gate, prefix + ".");
    }
}
