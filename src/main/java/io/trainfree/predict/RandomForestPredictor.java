package io.trainfree.predict;

import io.trainfree.space.Nb201Arch;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import smile.data.formula.Formula;
import smile.regression.RandomForest;

/**
 * Smile's regression random forest ({@code smile.regression.RandomForest}) on {@link Nb201Features}: the baseline a
 * NAS researcher tries first, on the one-hot encoding alone or with zero-cost proxy values as extra features (as in
 * NAS-Bench-Suite-Zero). Trees regress the labels by least squares; the score is the forest's mean prediction.
 *
 * <p>Deterministic: tree t is grown from the t-th of {@code trees} distinct per-tree seeds drawn from the predictor's
 * seed, which Smile sets on the thread that grows the tree, so the forest is the same whichever of the parallel
 * threads grows which tree.
 *
 * {@snippet :
 * var rf = new RandomForestPredictor(Nb201Features.oneHot(), new RandomForestPredictor.Options(), 0);
 * rf.fit(split.trainArchs(space, 0.01), labels);
 * double[] s = rf.scores(split.validArchs(space));
 * }
 */
public final class RandomForestPredictor implements Predictor<Nb201Arch> {
    /**
     * Smile's hyper-parameters; the no-argument constructor gives Smile's defaults.
     *
     * @param trees     number of trees (default 500)
     * @param mtry      features tried at each split; 0 for a third of them (default)
     * @param maxDepth  maximum depth (default 20)
     * @param maxNodes  maximum leaves; 0 for a fifth of the training set, at least 2 (default)
     * @param nodeSize  minimum leaf size (default 5)
     * @param subsample 1.0 to draw each tree's sample with replacement (default), below 1 that fraction without
     */
    public record Options(int trees, int mtry, int maxDepth, int maxNodes, int nodeSize, double subsample) {
        public Options {
            if (trees < 1 || mtry < 0 || maxDepth < 2 || maxNodes < 0 || nodeSize < 1) {
                throw new IllegalArgumentException("need trees >= 1, mtry >= 0, maxDepth >= 2, maxNodes >= 0, nodeSize"
                        + " >= 1, got " + trees + ", " + mtry + ", " + maxDepth + ", " + maxNodes + ", " + nodeSize);
            }
            if (!(subsample > 0 && subsample <= 1)) {
                throw new IllegalArgumentException("subsample must be in (0, 1], got " + subsample);
            }
        }

        /** Smile's defaults: 500 trees, mtry p/3, depth 20, n/5 leaves, leaves of at least 5, bootstrap. */
        public Options() {
            this(500, 0, 20, 0, 5, 1.0);
        }
    }

    private final Nb201Features features;
    private final Options options;
    private final long seed;
    private RandomForest model;

    public RandomForestPredictor(Nb201Features features, Options options, long seed) {
        this.features = Objects.requireNonNull(features, "features");
        this.options = Objects.requireNonNull(options, "options");
        this.seed = seed;
    }

    @Override
    public void fit(List<Nb201Arch> archs, double[] labels) {
        SmileFrames.checkFit(archs, labels, 2, "random forest");
        long[] seeds = LongStream.generate(new SplittableRandom(seed)::nextLong).map(s -> (s >>> 2) + 2).distinct()
                .limit(options.trees()).toArray();
        var smile = new RandomForest.Options(options.trees(), Math.min(options.mtry(), features.size()),
                options.maxDepth(), options.maxNodes(), options.nodeSize(), options.subsample(), seeds, null);
        model = RandomForest.fit(Formula.lhs(SmileFrames.LABEL), SmileFrames.training(features, archs, labels),
                smile);
    }

    @Override
    public double[] scores(List<Nb201Arch> archs) {
        return SmileFrames.predict(model, features, archs, "random forest");
    }

    @Override
    public String toString() {
        return "RandomForestPredictor[" + features + ", " + options + ", seed " + seed + "]";
    }
}
