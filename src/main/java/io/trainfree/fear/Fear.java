package io.trainfree.fear;

import ai.djl.ndarray.NDManager;
import io.trainfree.data.ImageSet;
import io.trainfree.model.Nb201Net;
import io.trainfree.train.EpochStats;
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

    /**
     * Runs FEAR on {@code net} with the images at {@code indices}.
     *
     * @param epochs hears every epoch as it ends (stage 1, then stage 2)
     */
    public static FearScore score(Nb201Net net, FearProtocol protocol, ImageSet images, int[] indices, long seed,
            NDManager parent, Consumer<EpochStats> epochs) {
        Objects.requireNonNull(protocol, "protocol");
        if (net.channels() != protocol.channels() || net.cellsPerStage() != protocol.cellsPerStage()) {
            throw new IllegalArgumentException("the network is C=" + net.channels() + " N=" + net.cellsPerStage()
                    + ", the protocol says C=" + protocol.channels() + " N=" + protocol.cellsPerStage());
        }
        List<EpochStats> stage1 = new ArrayList<>();
        List<EpochStats> stage2 = new ArrayList<>();
        try (var trainer = new NetworkTrainer(net, seed, parent)) {
            trainer.startStage(protocol.stage1(images.dataset()), Freezing.none());
            boolean reached = false;
            for (int e = 0; e < protocol.stage1MaxEpochs() && !reached; e++) {
                EpochStats s = trainer.trainEpoch(images, indices, e);
                stage1.add(s);
                epochs.accept(s);
                if (s.diverged()) {
                    return new FearScore(stage1, stage2, false, Double.NaN);
                }
                reached = s.trainTop1() >= protocol.threshold();
            }
            if (!reached) {
                return new FearScore(stage1, stage2, false, Double.NaN);
            }
            trainer.startStage(protocol.stage2(images.dataset()), Freezing.fearTail(net));
            for (int e = 0; e < protocol.stage2Epochs(); e++) {
                EpochStats s = trainer.trainEpoch(images, indices, e);
                stage2.add(s);
                epochs.accept(s);
                if (s.diverged()) {
                    return new FearScore(stage1, stage2, false, Double.NaN);
                }
            }
        }
        return new FearScore(stage1, stage2, true, stage2.getLast().trainTop1());
    }
}
