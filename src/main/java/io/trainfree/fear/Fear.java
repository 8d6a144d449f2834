package io.trainfree.fear;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Nb201Net;
import io.trainfree.train.EpochStats;
import io.trainfree.train.EpochStore;
import io.trainfree.train.Freezing;
import io.trainfree.train.NetworkTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * FEAR's ranking score of one architecture, as the authors' code computes it:
 * <pre>
 *   stage 1: train the whole network (NB201's recipe) until an epoch's training accuracy reaches the threshold
 *            (checked at epoch ends); never reached: the architecture is excluded
 *   stage 2: freeze all but the tail (the last four cells, the head's batch norm, the classifier), start a new SGD,
 *            train a few epochs at a larger batch
 *   score  = the training accuracy of the last stage-2 epoch; cost = the wall time of both stages' training loops
 * </pre>
 */
public final class Fear {
    private Fear() {
    }

    /** The name of stage 1 in an {@link EpochStore}. */
    public static final String STAGE1 = "fear1";
    /** The name of stage 2 in an {@link EpochStore}. */
    public static final String STAGE2 = "fear2";

    /**
     * Runs FEAR on {@code net} with the images at {@code indices}.
     *
     * @param epochs hears every epoch as it ends (stage 1, then stage 2)
     */
    public static FearScore score(Nb201Net net, FearProtocol protocol, ImageSet images, int[] indices, long seed,
            NDManager parent, Consumer<EpochStats> epochs) {
        return score(net, protocol, images, indices, seed, parent, EpochStore.listening(epochs));
    }

    /**
     * Runs FEAR on {@code net} with the images at {@code indices}, continuing after the epochs {@code store} holds
     * (phases {@link #STAGE1} and {@link #STAGE2}) and handing it every epoch that ends.
     */
    public static FearScore score(Nb201Net net, FearProtocol protocol, ImageSet images, int[] indices, long seed,
            NDManager parent, EpochStore store) {
        Objects.requireNonNull(protocol, "protocol");
        if (net.channels() != protocol.channels() || net.cellsPerStage() != protocol.cellsPerStage()) {
            throw new IllegalArgumentException("the network is C=" + net.channels() + " N=" + net.cellsPerStage()
                    + ", the protocol says C=" + protocol.channels() + " N=" + protocol.cellsPerStage());
        }
        try (var trainer = new NetworkTrainer(net, seed, parent)) {
            trainer.startStage(protocol.stage1(images.dataset()), Freezing.none());
            List<EpochStats> stage1 = new ArrayList<>(store.resume(STAGE1, trainer));
            while (!ended(stage1, protocol.threshold()) && stage1.size() < protocol.stage1MaxEpochs()) {
                EpochStats s = trainer.trainEpoch(images, indices, stage1.size());
                stage1.add(s);
                store.finished(STAGE1, s, trainer);
            }
            if (!reached(stage1, protocol.threshold())) {
                return new FearScore(stage1, List.of(), false, Double.NaN);
            }
            trainer.startStage(protocol.stage2(images.dataset()), Freezing.fearTail(net));
            List<EpochStats> stage2 = new ArrayList<>(store.resume(STAGE2, trainer));
            while (stage2.size() < protocol.stage2Epochs() && !diverged(stage2)) {
                EpochStats s = trainer.trainEpoch(images, indices, stage2.size());
                stage2.add(s);
                store.finished(STAGE2, s, trainer);
            }
            if (diverged(stage2)) {
                return new FearScore(stage1, stage2, false, Double.NaN);
            }
            return new FearScore(stage1, stage2, true, stage2.getLast().trainTop1());
        }
    }

    private static boolean ended(List<EpochStats> stage1, double threshold) {
        return diverged(stage1) || reached(stage1, threshold);
    }

    private static boolean reached(List<EpochStats> stage1, double threshold) {
        return !stage1.isEmpty() && !stage1.getLast().diverged() && stage1.getLast().trainTop1() >= threshold;
    }

    private static boolean diverged(List<EpochStats> epochs) {
        return !epochs.isEmpty() && epochs.getLast().diverged();
    }
}
