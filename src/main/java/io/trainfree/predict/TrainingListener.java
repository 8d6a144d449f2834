package io.trainfree.predict;

/** Hears a neural predictor's training, epoch by epoch; the library never prints. Called on the training thread. */
@FunctionalInterface
public interface TrainingListener {
    /** Hears nothing. */
    TrainingListener NONE = p -> { };

    /** An epoch has finished. */
    void epoch(TrainingEpoch progress);
}
