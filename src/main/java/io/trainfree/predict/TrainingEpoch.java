package io.trainfree.predict;

/**
 * One finished epoch of a neural predictor's training.
 *
 * @param stage   which step
 * @param epoch   1-based
 * @param epochs  epochs of this stage
 * @param steps   optimizer steps taken in this epoch (batches with at least one pair)
 * @param loss    mean loss over those steps (step 1: the sum over experts of each expert's mean hinge loss)
 * @param seconds wall time of the epoch
 */
public record TrainingEpoch(Stage stage, int epoch, int epochs, int steps, double loss, double seconds) {
    /** The two steps of DELE (vanilla has step 2 only). */
    public enum Stage {
        /** Step 1: experts on their low-fidelity labels. */
        PRETRAIN,
        /** Step 2: the whole predictor on the ground truth. */
        TRAIN
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s epoch %d/%d: %d steps, loss %.5f, %.2f s",
                stage.name().toLowerCase(java.util.Locale.ROOT), epoch, epochs, steps, loss, seconds);
    }
}
