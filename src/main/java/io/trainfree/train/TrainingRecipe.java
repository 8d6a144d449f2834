package io.trainfree.train;

import io.trainfree.data.Augmentation;
import io.trainfree.data.Dataset;
import java.util.Objects;

/**
 * How a network is trained: NAS-Bench-201's recipe by default ({@link #nb201}), which FEAR's stages and its shortreg
 * baseline also use with other batch sizes and horizons.
 *
 * @param batchSize    images per step (the last step of an epoch may have fewer)
 * @param epochs       the cosine schedule's horizon
 * @param learningRate the rate of epoch 0
 * @param momentum     SGD momentum
 * @param weightDecay  L2 coefficient on every trainable tensor
 * @param nesterov     Nesterov momentum
 * @param clipNorm     gradients are clipped to this global L2 norm ({@code Double.POSITIVE_INFINITY}: never)
 * @param augmentation random crop and flip of every training image
 */
public record TrainingRecipe(int batchSize, int epochs, double learningRate, double momentum, double weightDecay,
        boolean nesterov, double clipNorm, Augmentation augmentation) {
    public TrainingRecipe {
        Objects.requireNonNull(augmentation, "augmentation");
        if (batchSize < 1 || epochs < 1 || !(learningRate > 0) || !(clipNorm > 0)) {
            throw new IllegalArgumentException("a recipe needs batch >= 1, a horizon >= 1 epoch, a rate > 0 and a "
                    + "clipping norm > 0; got " + batchSize + ", " + epochs + ", " + learningRate + ", " + clipNorm);
        }
    }

    /**
     * NB201's: batch 256, 200 epochs, rate 0.1 with cosine annealing to 0, SGD with Nesterov momentum 0.9, weight
     * decay 5e-4, clipping at norm 5, the reference's crop and flip.
     */
    public static TrainingRecipe nb201(Dataset dataset) {
        return new TrainingRecipe(256, 200, 0.1, 0.9, 5e-4, true, 5, Augmentation.reference(dataset));
    }

    /** This recipe with another batch size. */
    public TrainingRecipe withBatchSize(int size) {
        return new TrainingRecipe(size, epochs, learningRate, momentum, weightDecay, nesterov, clipNorm, augmentation);
    }

    /** This recipe with another horizon. */
    public TrainingRecipe withEpochs(int horizon) {
        return new TrainingRecipe(batchSize, horizon, learningRate, momentum, weightDecay, nesterov, clipNorm,
                augmentation);
    }

    /** The schedule of this recipe. */
    public CosineSchedule schedule() {
        return new CosineSchedule(learningRate, epochs, 0);
    }
}
