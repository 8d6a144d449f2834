package io.trainfree.fear;

import io.trainfree.train.EpochStats;
import java.util.List;

/**
 * One architecture's FEAR run.
 *
 * @param stage1  stage-1 epochs, until the threshold was reached (or the maximum)
 * @param stage2  stage-2 epochs (empty when stage 1 never reached the threshold or diverged)
 * @param reached whether stage 1 reached the threshold; an architecture that did not is excluded from rankings
 * @param score   the last stage-2 epoch's training accuracy (NaN when excluded)
 */
public record FearScore(List<EpochStats> stage1, List<EpochStats> stage2, boolean reached, double score) {
    public FearScore {
        stage1 = List.copyOf(stage1);
        stage2 = List.copyOf(stage2);
    }

    /** Whether a loss or gradient norm went NaN or infinite (the architecture is excluded). */
    public boolean diverged() {
        return (!stage1.isEmpty() && stage1.getLast().diverged()) || (!stage2.isEmpty() && stage2.getLast().diverged());
    }

    /** The wall time of both stages' training loops: FEAR's cost. */
    public double seconds() {
        return stage1.stream().mapToDouble(EpochStats::seconds).sum()
                + stage2.stream().mapToDouble(EpochStats::seconds).sum();
    }

    /** Random search's variant of the score: the best stage-2 epoch's training accuracy. */
    public double bestStage2() {
        return stage2.stream().mapToDouble(EpochStats::trainTop1).max().orElse(Double.NaN);
    }
}
