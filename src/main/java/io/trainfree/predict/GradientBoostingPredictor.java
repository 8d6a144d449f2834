package io.trainfree.predict;

import io.trainfree.space.Nb201Arch;
import java.util.List;
import java.util.Objects;
import smile.base.cart.Loss;
import smile.data.formula.Formula;
import smile.math.MathEx;
import smile.regression.GradientTreeBoost;

/**
 * Smile's gradient tree boosting ({@code smile.regression.GradientTreeBoost}) with least-squares loss on
 * {@link Nb201Features}, alone or with zero-cost proxy values as extra features; the score is the boosted prediction.
 *
 * <p>Deterministic: the only randomness is each tree's subsample, drawn from Smile's per-thread generator, which
 * {@link #fit} seeds with the predictor's seed just before fitting on the calling thread (the trees themselves are
 * grown one after another on that thread).
 */
public final class GradientBoostingPredictor implements Predictor<Nb201Arch> {
    /**
     * Smile's hyper-parameters; the no-argument constructor gives Smile's defaults (with least squares rather than
     * Smile's default least absolute deviation: the predictor's other baselines regress by least squares too).
     *
     * @param trees     boosting rounds (default 500)
     * @param maxDepth  maximum depth of a tree (default 20)
     * @param maxNodes  maximum leaves of a tree (default 6)
     * @param nodeSize  minimum leaf size (default 5)
     * @param shrinkage learning rate (default 0.05)
     * @param subsample fraction of the training set each tree sees, without replacement (default 0.7)
     */
    public record Options(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample) {
        public Options {
            if (trees < 1 || maxDepth < 2 || maxNodes < 2 || nodeSize < 1) {
                throw new IllegalArgumentException("need trees >= 1, maxDepth >= 2, maxNodes >= 2, nodeSize >= 1, got "
                        + trees + ", " + maxDepth + ", " + maxNodes + ", " + nodeSize);
            }
            if (!(shrinkage > 0 && shrinkage <= 1) || !(subsample > 0 && subsample <= 1)) {
                throw new IllegalArgumentException("shrinkage and subsample must be in (0, 1], got " + shrinkage
                        + " and " + subsample);
            }
        }

        /** 500 trees of at most 6 leaves of at least 5, depth 20, shrinkage 0.05, subsample 0.7. */
        public Options() {
            this(500, 20, 6, 5, 0.05, 0.7);
        }
    }

    private final Nb201Features features;
    private final Options options;
    private final long seed;
    private GradientTreeBoost model;

    public GradientBoostingPredictor(Nb201Features features, Options options, long seed) {
        this.features = Objects.requireNonNull(features, "features");
        this.options = Objects.requireNonNull(options, "options");
        this.seed = seed;
    }

    @Override
    public void fit(List<Nb201Arch> archs, double[] labels) {
        SmileFrames.checkFit(archs, labels, 2, "gradient boosting");
        var smile = new GradientTreeBoost.Options(Loss.ls(), options.trees(), options.maxDepth(), options.maxNodes(),
                options.nodeSize(), options.shrinkage(), options.subsample(), null, null);
        var data = SmileFrames.training(features, archs, labels);
        MathEx.setSeed(seed);
        model = GradientTreeBoost.fit(Formula.lhs(SmileFrames.LABEL), data, smile);
    }

    @Override
    public double[] scores(List<Nb201Arch> archs) {
        return SmileFrames.predict(model, features, archs, "gradient boosting");
    }

    @Override
    public String toString() {
        return "GradientBoostingPredictor[" + features + ", " + options + ", seed " + seed + "]";
    }
}
