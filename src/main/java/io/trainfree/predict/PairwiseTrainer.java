package io.trainfree.predict;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.trainfree.model.TorchOps;
import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop both DELE steps share: shuffled mini-batches, pairs drawn per batch, the scores of a batch's
 * cells computed once (one encoder pass per cell and model, not per pair), the hinge loss over the pairs, one Adam
 * step. Step 1 trains the experts on their own labels (one row of labels per expert); step 2 trains the ensemble's
 * output on one row of labels. Each batch's arrays live in a sub-manager closed after the step.
 */
final class PairwiseTrainer {
    /**
     * What a run did.
     *
     * @param epochs         epochs run
     * @param loss           mean loss of the last epoch (NaN if it took no step)
     * @param seconds        wall time
     * @param emptyBatches   batches that formed no pair at all (no step taken)
     */
    record Outcome(int epochs, double loss, double seconds, int emptyBatches) {
    }

    private final ExpertEnsemble model;
    private final ParameterStore store;
    private final Adam adam;
    private final NDManager manager;
    private final TrainingOptions options;
    private final TrainingListener listener;

    PairwiseTrainer(ExpertEnsemble model, ParameterStore store, Adam adam, NDManager manager, TrainingOptions options,
            TrainingListener listener) {
        this.model = model;
        this.store = store;
        this.adam = adam;
        this.manager = manager;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Trains for {@code epochs} epochs.
     *
     * @param labels    {@code labels[row][arch]}: one row per expert ({@code perExpert}) or one row for the output
     * @param perExpert step 1 (each expert on its row) or step 2 (the ensemble's output on row 0)
     * @param seed      seeds the batch order, the pairs and (through the engine) dropout
     */
    Outcome train(TrainingEpoch.Stage stage, List<Nb201Arch> archs, double[][] labels, boolean perExpert, int epochs,
            long seed) {
        Engine.getInstance().setRandomSeed(Seeds.engine(seed));
        var rng = new SplittableRandom(seed);
        Map<String, Parameter> parameters = model.parameterPaths();
        int n = archs.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long start = System.nanoTime();
        double lastLoss = Double.NaN;
        int empty = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            shuffle(order, rng);
            double sum = 0;
            int steps = 0;
            for (int from = 0; from < n; from += options.batchSize()) {
                int size = Math.min(options.batchSize(), n - from);
                var batch = new ArrayList<Nb201Arch>(size);
                var rows = new int[size];
                for (int i = 0; i < size; i++) {
                    rows[i] = order[from + i];
                    batch.add(archs.get(rows[i]));
                }
                var pairs = new ArrayList<Pairs>(labels.length);
                for (double[] row : labels) {
                    var l = new double[size];
                    for (int i = 0; i < size; i++) {
                        l[i] = row[rows[i]];
                    }
                    pairs.add(Pairs.sample(l, options.pairsPerArch() * size, rng));
                }
                double loss = step(batch, pairs, perExpert);
                if (Double.isNaN(loss)) {
                    empty++;
                } else {
                    adam.step(parameters);
                    sum += loss;
                    steps++;
                }
            }
            lastLoss = steps == 0 ? Double.NaN : sum / steps;
            listener.epoch(new TrainingEpoch(stage, epoch, epochs, steps, lastLoss, (System.nanoTime() - t0) / 1e9));
        }
        return new Outcome(epochs, lastLoss, (System.nanoTime() - start) / 1e9, empty);
    }

    /** One forward and backward; the loss, or NaN if no pair was formed (no gradient then). */
    private double step(List<Nb201Arch> batch, List<Pairs> pairs, boolean perExpert) {
        try (NDManager m = manager.newSubManager()) {
            NDArray input = model.experts().get(0).encoder().input(m, batch);
            try (GradientCollector gc = TorchOps.recordGradients()) {
                NDArray scores = perExpert ? model.expertScores(store, input, true)
                        : model.forward(store, new NDList(input), true).singletonOrThrow().expandDims(0);
                NDArray loss = PairwiseHinge.loss(scores, pairs, options.margin());
                if (loss == null) {
                    return Double.NaN;
                }
                gc.backward(loss);
                return loss.getFloat();
            }
        }
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
