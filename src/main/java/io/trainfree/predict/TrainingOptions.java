package io.trainfree.predict;

/**
 * The training hyper-parameters of a neural predictor (the defaults are those of the DELE paper's NAS-Bench-201
 * configurations).
 *
 * @param pretrainEpochs epochs of step 1 on the low-fidelity labels (200)
 * @param epochs         epochs of step 2 on the ground truth, or of the only step for vanilla (200)
 * @param batchSize      architectures per mini-batch (512); the last batch of an epoch may be smaller
 * @param learningRate   Adam's step size (1e-3; default betas, no weight decay, no schedule)
 * @param margin         the hinge loss's margin (0.1)
 * @param pairsPerArch   at most this many pairs per architecture drawn in a batch (4: at most 4n pairs)
 * @param seed           seeds initialisation (the engine's generator), dropout, batch order and pair sampling
 */
public record TrainingOptions(int pretrainEpochs, int epochs, int batchSize, double learningRate, double margin,
        int pairsPerArch, long seed) {
    public TrainingOptions {
        if (pretrainEpochs < 0 || epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + pretrainEpochs + " (step 1) and "
                    + epochs + " (step 2)");
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be >= 2 (a pair needs two cells), got " + batchSize);
        }
        if (!(learningRate > 0) || !(margin >= 0) || pairsPerArch < 1) {
            throw new IllegalArgumentException("need learning rate > 0, margin >= 0, pairs per arch >= 1; got "
                    + learningRate + ", " + margin + ", " + pairsPerArch);
        }
    }

    /** The paper's settings under this seed: 200 + 200 epochs, batch 512, lr 1e-3, margin 0.1, at most 4n pairs. */
    public TrainingOptions(long seed) {
        this(200, 200, 512, 1e-3, PairwiseHinge.MARGIN, 4, seed);
    }

    /** These options with other epoch counts. */
    public TrainingOptions withEpochs(int pretrainEpochs, int epochs) {
        return new TrainingOptions(pretrainEpochs, epochs, batchSize, learningRate, margin, pairsPerArch, seed);
    }

    /** These options with another batch size. */
    public TrainingOptions withBatchSize(int batchSize) {
        return new TrainingOptions(pretrainEpochs, epochs, batchSize, learningRate, margin, pairsPerArch, seed);
    }

    /** These options with another seed. */
    public TrainingOptions withSeed(long seed) {
        return new TrainingOptions(pretrainEpochs, epochs, batchSize, learningRate, margin, pairsPerArch, seed);
    }
}
