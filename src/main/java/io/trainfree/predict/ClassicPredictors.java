package io.trainfree.predict;

import java.util.List;

/**
 * The classic predictor baselines by name, with their default settings: a random forest and gradient boosting on the
 * one-hot encoding, alone or with zero-cost proxy values as extra features, and a Gaussian process on the one-hot
 * encoding.
 *
 * {@snippet :
 * var proxies = LowFidelityTable.load(nb201, ClassicPredictors.ZERO_COST);
 * Predictor<Nb201Arch> rf = ClassicPredictors.randomForest(0, proxies);
 * }
 */
public final class ClassicPredictors {
    /** The zero-cost columns of the committed CIFAR-10 proxy table, all thirteen, in its order. */
    public static final List<String> ZERO_COST = List.of("grad_norm", "snip", "grasp", "fisher", "synflow",
            "jacob_cov", "naswot", "zen", "epe_nas", "plain", "l2_norm", "params", "flops");

    private ClassicPredictors() {
    }

    /** A random forest on the one-hot encoding. */
    public static RandomForestPredictor randomForest(long seed) {
        return new RandomForestPredictor(Nb201Features.oneHot(), new RandomForestPredictor.Options(), seed);
    }

    /** A random forest on the one-hot encoding and these proxy columns. */
    public static RandomForestPredictor randomForest(long seed, LowFidelityTable proxies) {
        return new RandomForestPredictor(Nb201Features.oneHotWith(proxies), new RandomForestPredictor.Options(), seed);
    }

    /** Gradient boosting on the one-hot encoding. */
    public static GradientBoostingPredictor gradientBoosting(long seed) {
        return new GradientBoostingPredictor(Nb201Features.oneHot(), new GradientBoostingPredictor.Options(), seed);
    }

    /** Gradient boosting on the one-hot encoding and these proxy columns. */
    public static GradientBoostingPredictor gradientBoosting(long seed, LowFidelityTable proxies) {
        return new GradientBoostingPredictor(Nb201Features.oneHotWith(proxies),
                new GradientBoostingPredictor.Options(), seed);
    }

    /** A Gaussian process on the one-hot encoding (deterministic: no seed). */
    public static GaussianProcessPredictor gaussianProcess() {
        return new GaussianProcessPredictor(new GaussianProcessPredictor.Options());
    }
}
