package io.trainfree.fear;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Nb201Net;
import io.trainfree.train.EpochStats;
import io.trainfree.train.EpochStore;
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

    /** The name of a shortreg run of {@code epochs} epochs in an {@link EpochStore}: {@code short<epochs>}. */
    public static String phase(int epochs) {
        return "short" + epochs;
    }

    /** Trains {@code net} for {@code epochs} epochs at {@code batchSize} on the images at {@code indices}. */
    public static Result score(Nb201Net net, int epochs, int batchSize, ImageSet images, int[] indices, long seed,
            NDManager parent, Consumer<EpochStats> listener) {
        return score(net, epochs, batchSize, images, indices, seed, parent, EpochStore.listening(listener));
    }

    /**
     * As {@link #score(Nb201Net, int, int, ImageSet, int[], long, NDManager, Consumer)}, continuing after the epochs
     * {@code store} holds for phase {@link #phase}{@code (epochs)} and handing it every epoch that ends.
     */
    public static Result score(Nb201Net net, int epochs, int batchSize, ImageSet images, int[] indices, long seed,
            NDManager parent, EpochStore store) {
        String phase = phase(epochs);
        try (var trainer = new NetworkTrainer(net, seed, parent)) {
            trainer.startStage(TrainingRecipe.nb201(images.dataset()).withBatchSize(batchSize).withEpochs(epochs),
                    Freezing.none());
            List<EpochStats> done = new ArrayList<>(store.resume(phase, trainer));
            while (done.size() < epochs && (done.isEmpty() || !done.getLast().diverged())) {
                EpochStats s = trainer.trainEpoch(images, indices, done.size());
                done.add(s);
                store.finished(phase, s, trainer);
            }
            if (done.getLast().diverged()) {
                return new Result(done, Double.NaN);
            }
            return new Result(done, done.stream().mapToDouble(EpochStats::trainTop1).max().orElseThrow());
        }
    }
}
