package io.trainfree.train;

/**
 * One training epoch.
 *
 * @param epoch        0-based, in the stage
 * @param learningRate the rate it trained at
 * @param steps        optimizer steps taken
 * @param loss         mean cross entropy over its images (NaN once diverged)
 * @param trainTop1    top-1 accuracy over its images as they were trained on (the running average over the epoch's
 *                     batches, augmentation on), in [0, 1]
 * @param seconds      wall time of the training loop alone
 * @param diverged     a loss or gradient norm was NaN or infinite; the epoch stopped there and took no such step
 */
public record EpochStats(int epoch, double learningRate, int steps, double loss, double trainTop1, double seconds,
        boolean diverged) {
}
