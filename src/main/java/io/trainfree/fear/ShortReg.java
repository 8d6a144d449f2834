package io.trainfree.fear;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Nb201Net;
import io.trainfree.train.EpochStats;
import io.trainfree.train.Freezing;
import io.trainfree.train.NetworkTrainer;
import io.trainfree.train.TrainingRecipe;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * FEAR's baseline "shortreg": ordinary training with NB201's recipe shortened to {@code epochs} (the cosine's horizon
 * too), scored by the best epoch's training accuracy, at the cost of its training loops' wall time.
 */
public final class ShortReg {
    private ShortReg() {
    }

    /**
     * One architecture's shortreg run.
     *
     * @param epochs every epoch trained
     * @param score  the best epoch training accuracy (NaN if it diverged)
     */
    public record Result(List<EpochStats> epochs, double score) {
        public Result {
            epochs = List.copyOf(epochs);
        }

        /** The wall time of the training loops. */
        public double seconds() {
            return epochs.stream().mapToDouble(EpochStats::seconds).sum();
        }
    }

    /** Trains {@code net} for {@code epochs} epochs at {@code batchSize} on the images at {@code indices}. */
    public static Result score(Nb201Net net, int epochs, int batchSize, ImageSet images, int[] indices, long seed,
            NDManager parent, Consumer<EpochStats> listener) {
        List<EpochStats> done = new ArrayList<>();
        try (var trainer = new NetworkTrainer(net, seed, parent)) {
            trainer.startStage(TrainingRecipe.nb201(images.dataset()).withBatchSize(batchSize).withEpochs(epochs),
                    Freezing.none());
            for (int e = 0; e < epochs; e++) {
                EpochStats s = trainer.trainEpoch(images, indices, e);
                done.add(s);
                listener.accept(s);
                if (s.diverged()) {
                    return new Result(done, Double.NaN);
                }
            }
        }
        return new Result(done, done.stream().mapToDouble(EpochStats::trainTop1).max().orElseThrow());
    }
}
