package io.trainfree.fear;

import io.trainfree.data.Dataset;
import io.trainfree.train.TrainingRecipe;

/**
 * FEAR's settings (docs/training.md; the paper's CIFAR-10 configuration is {@link #paper}).
 *
 * @param channels        C of the network
 * @param cellsPerStage   N of the network
 * @param threshold       stage 1 trains until its epoch training accuracy reaches this (in [0, 1])
 * @param stage1Horizon   the cosine horizon of stage 1 (it plans this many epochs and stops at the threshold)
 * @param stage1MaxEpochs stage 1 gives up after this many epochs: the architecture is excluded
 * @param stage1Batch     stage-1 batch
 * @param stage2Batch     stage-2 batch
 * @param stage2Epochs    stage-2 epochs (also its cosine horizon)
 */
public record FearProtocol(int channels, int cellsPerStage, double threshold, int stage1Horizon, int stage1MaxEpochs,
        int stage1Batch, int stage2Batch, int stage2Epochs) {
    public FearProtocol {
        if (channels < 1 || cellsPerStage < 1 || stage1Horizon < 1 || stage1MaxEpochs < 1 || stage1Batch < 1
                || stage2Batch < 1 || stage2Epochs < 1) {
            throw new IllegalArgumentException("FEAR's sizes and epoch counts must be >= 1");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("FEAR's threshold is a training accuracy in (0, 1], got " + threshold);
        }
    }

    /**
     * The paper's CIFAR-10 setting: the full network (C = 16, N = 5), threshold 0.6, stage 1 at batch 256 with a
     * 200-epoch horizon, stage 2 five epochs at batch 1024.
     */
    public static FearProtocol paper() {
        return new FearProtocol(16, 5, 0.6, 200, 200, 256, 1024, 5);
    }

    /** Stage 1's recipe: NB201's at the stage-1 batch and horizon. */
    public TrainingRecipe stage1(Dataset dataset) {
        return TrainingRecipe.nb201(dataset).withBatchSize(stage1Batch).withEpochs(stage1Horizon);
    }

    /** Stage 2's recipe: NB201's (rate 0.1) at the stage-2 batch, annealed over the stage-2 epochs. */
    public TrainingRecipe stage2(Dataset dataset) {
        return TrainingRecipe.nb201(dataset).withBatchSize(stage2Batch).withEpochs(stage2Epochs);
    }
}
