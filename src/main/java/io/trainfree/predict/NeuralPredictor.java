package io.trainfree.predict;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.trainfree.space.Nb201Arch;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A neural ranking predictor on NAS-Bench-201: an encoder ({@link EncoderSpec}) and a training {@link Manner} (the DELE
 * paper's models and training). Trained with the pairwise hinge loss on mini-batches; scores are raw (only their order
 * matters).
 *
 * {@snippet :
 * var options = new TrainingOptions(0);                              // seed 0, the paper's 200 + 200 epochs
 * try (var vanilla = NeuralPredictor.of(Encoders.gates(), Manner.VANILLA, options)) {
 *     vanilla.fit(trainArchs, trainAccuracies);
 *     double[] s = vanilla.scores(validArchs);
 * }
 * try (var dele = NeuralPredictor.of(Encoders.gates(), Manner.DELE, options)) {
 *     Pretrained step1 = dele.pretrain(trainArchs, lowFidelity);     // once per seed and encoder
 *     for (int n : new int[] {78, 390, 781}) {                         // step 2 for each ratio, from the same state
 *         dele.fit(step1, trainArchs.subList(0, n), Arrays.copyOf(trainAccuracies, n));
 *         double[] s = dele.scores(validArchs);
 *     }
 * }
 * }
 *
 * <ul>
 * <li>{@link Manner#VANILLA}: {@link #fit(List, double[])} trains one expert on the labels, from a fresh seeded
 *     initialisation each time.</li>
 * <li>{@link Manner#DELE}, {@link Manner#STATIC}: {@link #pretrain} runs step 1 (K experts on the K low-fidelity
 *     columns, the gate frozen: its parameters and its Adam state stay untouched) and returns its state;
 *     {@link #fit(Pretrained, List, double[])} restores such a state (parameters and Adam's moments and step counts)
 *     and runs step 2 on the ground truth, everything trained, the same Adam continued. {@link #fit(List, double[])}
 *     then means step 2 from the last step-1 state.</li>
 * <li>{@link Manner#FINETUNE}: as DELE with one expert on one low-fidelity column and a new Adam for step 2.</li>
 * </ul>
 *
 * <p>The DELE paper's NB201 expert set has 12 low-fidelity types; {@code one_shot} (supernet accuracy) and {@code
 * relu} are not available in trainfree, so runs on its proxy tables use the others (K = 10 by default). Seeds: the
 * options' seed fixes the initialisation (the engine's generator, reseeded before the model is built), and each
 * step's batch order, pairs and dropout masks, so a step 2 from a restored state equals a step 2 run straight after
 * step 1. The engine's generator is one per process: two predictors training at once in one process make each
 * other's dropout depend on the interleaving. Identical scores across runs also need the same number of engine
 * threads ({@code Devices.setThreads}).
 *
 * <p>Holds native memory (parameters, optimizer state) in its own manager until {@link #close()}. Not thread-safe;
 * two predictors may train on two threads (gradients are recorded per thread), with the generator caveat above. For
 * throughput on a few cores, run several processes with one engine thread each rather than one process with many:
 * the batches are small, libtorch's threads scale poorly on them (1.25x from 2 threads here), and when another
 * process takes a core its threads wait for each other (a test ran 80 times slower beside another job).
 */
public final class NeuralPredictor implements Predictor<Nb201Arch> {
    /** Cells scored per forward pass when scoring. */
    private static final int SCORE_BATCH = 4096;

    private final EncoderSpec spec;
    private final Manner manner;
    private final TrainingOptions options;
    private final TrainingListener listener;
    private final NDManager root;
    private NDManager modelManager;
    private ExpertEnsemble model;
    private List<String> experts = List.of();
    private ParameterStore store;
    private Adam adam;
    private Pretrained pretrained;

    private NeuralPredictor(EncoderSpec spec, Manner manner, TrainingOptions options, TrainingListener listener) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.manner = Objects.requireNonNull(manner, "manner");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        root = NDManager.newBaseManager();
    }

    /** An untrained predictor. */
    public static NeuralPredictor of(EncoderSpec encoder, Manner manner, TrainingOptions options) {
        return of(encoder, manner, options, TrainingListener.NONE);
    }

    /** An untrained predictor whose training reports each epoch to {@code listener}. */
    public static NeuralPredictor of(EncoderSpec encoder, Manner manner, TrainingOptions options,
            TrainingListener listener) {
        return new NeuralPredictor(encoder, manner, options, listener);
    }

    /**
     * A predictor with the weights {@link #save} wrote, its encoder one of {@link Encoders} (by the name in the
     * file). Options are those of {@code new TrainingOptions(0)}: they only matter for training it further.
     */
    public static NeuralPredictor load(Path file) {
        WeightsFile.Header h;
        try (var in = new DataInputStream(Files.newInputStream(file))) {
            h = WeightsFile.readHeader(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no weights file " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        var p = of(Encoders.of(h.encoder()), h.manner(), new TrainingOptions(0));
        try {
            p.loadWeights(file);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** The encoder. */
    public EncoderSpec encoder() {
        return spec;
    }

    /** The training manner. */
    public Manner manner() {
        return manner;
    }

    /** The training options. */
    public TrainingOptions options() {
        return options;
    }

    /** The experts' names (the low-fidelity columns; {@code ground_truth} for vanilla), empty before training. */
    public List<String> experts() {
        return experts;
    }

    /** The last step-1 state, if step 1 ran or a state was given to {@link #fit(Pretrained, List, double[])}. */
    public Optional<Pretrained> pretrained() {
        return Optional.ofNullable(pretrained);
    }

    /**
     * Makes {@code state} the step-1 state that {@link #fit(List, double[])} starts from, as if {@link #pretrain} had
     * reached it: a saved step 1 then serves every later fit (a search refits each round from the same experts).
     *
     * @return this predictor
     * @throws IllegalArgumentException if the state is of another encoder or manner
     */
    public NeuralPredictor startFrom(Pretrained state) {
        Objects.requireNonNull(state, "state");
        requireCompatible(state);
        pretrained = state;
        return this;
    }

    /**
     * Step 1: the experts learn the ranking of their low-fidelity column on {@code archs} (the gate frozen), for the
     * options' {@code pretrainEpochs}. The state reached is returned and kept for {@link #fit(List, double[])}.
     *
     * @param lowFidelity one row per architecture, one column per expert (exactly one for {@link Manner#FINETUNE})
     * @throws IllegalStateException    for {@link Manner#VANILLA}, which has no step 1
     * @throws IllegalArgumentException if the sizes differ or finetune gets more than one column
     */
    public Pretrained pretrain(List<Nb201Arch> archs, LowFidelity lowFidelity) {
        Objects.requireNonNull(archs, "archs");
        Objects.requireNonNull(lowFidelity, "lowFidelity");
        if (!manner.pretrains()) {
            throw new IllegalStateException("a VANILLA predictor has no step 1: call fit(archs, labels)");
        }
        if (archs.size() != lowFidelity.size()) {
            throw new IllegalArgumentException("archs and low-fidelity labels differ in length: " + archs.size()
                    + " architectures, " + lowFidelity.size() + " rows of " + String.join(", ",
                    lowFidelity.names()));
        }
        if (manner == Manner.FINETUNE && lowFidelity.experts() != 1) {
            throw new IllegalArgumentException("FINETUNE pretrains on one low-fidelity type, got "
                    + lowFidelity.experts() + " columns " + lowFidelity.names() + "; pick one with select(name)");
        }
        build(lowFidelity.names());
        model.gate().ifPresent(g -> g.freezeParameters(true));
        var rows = new int[archs.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        PairwiseTrainer.Outcome out = trainer().train(TrainingEpoch.Stage.PRETRAIN, archs, lowFidelity.columns(rows),
                true, options.pretrainEpochs(), Seeds.of(options.seed(), Seeds.PRETRAIN));
        model.gate().ifPresent(g -> g.freezeParameters(false));
        pretrained = new Pretrained(spec.name(), manner, experts, options.seed(), out.epochs(), out.loss(),
                out.seconds(), lowFidelity.nonFinite(), WeightsFile.bytes(model, manner, experts), adam.state());
        return pretrained;
    }

    /**
     * Trains on the ground truth: vanilla from a fresh initialisation; the other manners run step 2 from the last
     * step-1 state ({@link #pretrain}).
     *
     * @throws IllegalStateException    for a manner with step 1 before any step-1 state exists
     * @throws IllegalArgumentException if the sizes differ or the labels form no pair
     */
    @Override
    public void fit(List<Nb201Arch> archs, double[] labels) {
        checkLabels(archs, labels);
        if (manner == Manner.VANILLA) {
            build(List.of("ground_truth"));
            trainer().train(TrainingEpoch.Stage.TRAIN, archs, new double[][] {labels.clone()}, false, options.epochs(),
                    Seeds.of(options.seed(), Seeds.TRAIN));
            return;
        }
        if (pretrained == null) {
            throw new IllegalStateException("a " + manner + " predictor needs step 1 first: call pretrain(archs, "
                    + "lowFidelity), or fit(pretrained, archs, labels) with a saved step-1 state");
        }
        fit(pretrained, archs, labels);
    }

    /**
     * Step 2 from a step-1 state: its parameters and (except for {@link Manner#FINETUNE}, which starts a new Adam)
     * its optimizer state are restored, then everything is trained on the labels for the options' {@code epochs}.
     *
     * @throws IllegalArgumentException if the state is of another encoder or manner, the sizes differ or the labels
     *                                  form no pair
     */
    public void fit(Pretrained state, List<Nb201Arch> archs, double[] labels) {
        Objects.requireNonNull(state, "state");
        checkLabels(archs, labels);
        requireCompatible(state);
        build(state.experts());
        try (var in = new DataInputStream(new ByteArrayInputStream(state.weights()))) {
            WeightsFile.check(WeightsFile.readHeader(in, "step-1 state"), header(), "step-1 state");
            WeightsFile.readParameters(in, model, modelManager, "step-1 state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = new ParameterStore(modelManager, false);
        if (manner != Manner.FINETUNE) {
            adam.restore(state.optimizer(), model.parameterPaths());
        }
        pretrained = state;
        trainer().train(TrainingEpoch.Stage.TRAIN, archs, new double[][] {labels.clone()}, false, options.epochs(),
                Seeds.of(options.seed(), Seeds.TRAIN));
    }

    private void requireCompatible(Pretrained state) {
        if (!state.encoder().equals(spec.name()) || state.manner() != manner) {
            throw new IllegalArgumentException("step-1 state of " + state.encoder() + " / " + state.manner()
                    + " given to a " + spec.name() + " / " + manner + " predictor");
        }
    }

    /** Step 1 on {@code lowFidelityArchs}, then step 2 on {@code archs}. */
    public void fit(List<Nb201Arch> lowFidelityArchs, LowFidelity lowFidelity, List<Nb201Arch> archs,
            double[] labels) {
        checkLabels(archs, labels);
        fit(pretrain(lowFidelityArchs, lowFidelity), archs, labels);
    }

    @Override
    public double[] scores(List<Nb201Arch> archs) {
        requireModel();
        var out = new double[archs.size()];
        forEachBatch(archs, (from, m, input) -> {
            float[] s = model.forward(store, new NDList(input), false).singletonOrThrow().toFloatArray();
            for (int i = 0; i < s.length; i++) {
                out[from + i] = s[i];
            }
        });
        return out;
    }

    /** Each expert's raw score, {@code [arch][expert]}. */
    public double[][] expertScores(List<Nb201Arch> archs) {
        requireModel();
        var out = new double[archs.size()][];
        int k = model.expertCount();
        forEachBatch(archs, (from, m, input) -> {
            float[] s = model.expertScores(store, input, false).transpose().toFloatArray();
            for (int i = 0; i < s.length / k; i++) {
                out[from + i] = new double[k];
                for (int e = 0; e < k; e++) {
                    out[from + i][e] = s[i * k + e];
                }
            }
        });
        return out;
    }

    /** The gate's weight of each expert per architecture, {@code [arch][expert]}, rows summing to 1. */
    public double[][] gateWeights(List<Nb201Arch> archs) {
        requireModel();
        var out = new double[archs.size()][];
        int k = model.expertCount();
        forEachBatch(archs, (from, m, input) -> {
            float[] w = model.weights(store, input, false).toFloatArray();
            for (int i = 0; i < w.length / k; i++) {
                out[from + i] = new double[k];
                for (int e = 0; e < k; e++) {
                    out[from + i][e] = w[i * k + e];
                }
            }
        });
        return out;
    }

    /**
     * Writes the weights to {@code file}: a header (encoder, manner, experts, parameter shapes), then the ensemble's
     * parameters in DJL's format. Written to a temporary file first, so a failure leaves an earlier file intact.
     */
    public void save(Path file) {
        requireModel();
        WeightsFile.write(file, WeightsFile.bytes(model, manner, experts));
    }

    /**
     * Replaces the weights by those {@link #save} wrote.
     *
     * @throws IllegalArgumentException if the file holds weights of another encoder, manner or (once this predictor
     *                                  has experts) expert set, naming the file and what differs
     */
    public void loadWeights(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no weights file " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String source = file.toString();
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            WeightsFile.Header h = WeightsFile.readHeader(in, source);
            boolean had = model != null;
            // checked before anything is replaced: a refused file leaves the current weights as they were
            WeightsFile.check(h, had ? header() : new WeightsFile.Header(spec.name(), manner, h.experts(),
                    h.parameters()), source);
            build(h.experts());
            try {
                WeightsFile.check(h, header(), source);
                WeightsFile.readParameters(in, model, modelManager, source);
            } catch (RuntimeException | IOException e) {
                if (!had) {
                    modelManager.close();
                    modelManager = null;
                    model = null;
                    experts = List.of();
                }
                throw e;
            }
            store = new ParameterStore(modelManager, false);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is truncated or not a weights file: " + e, e);
        }
    }

    @Override
    public void close() {
        root.close();
    }

    @Override
    public String toString() {
        return "NeuralPredictor[" + spec.name() + ", " + manner + ", " + (model == null ? "untrained"
                : experts.size() + " experts " + experts) + "]";
    }

    private WeightsFile.Header header() {
        return WeightsFile.header(model, manner, experts);
    }

    /** A new model for these experts, initialised under the options' seed, with a new Adam. */
    private void build(List<String> names) {
        if (modelManager != null) {
            modelManager.close();
        }
        experts = List.copyOf(names);
        modelManager = root.newSubManager();
        Engine.getInstance().setRandomSeed(Seeds.engine(Seeds.of(options.seed(), Seeds.INIT)));
        model = new ExpertEnsemble(spec, names.size(), manner.gating());
        Shape inputShape;
        try (NDManager m = root.newSubManager()) {
            inputShape = model.experts().get(0).encoder().input(m, List.of(Nb201Arch.fromCode(0))).getShape();
        }
        model.initialize(modelManager, DataType.FLOAT32, inputShape);
        store = new ParameterStore(modelManager, false);
        adam = new Adam(options.learningRate(), modelManager);
    }

    private PairwiseTrainer trainer() {
        return new PairwiseTrainer(model, store, adam, root, options, listener);
    }

    private void requireModel() {
        if (model == null) {
            throw new IllegalStateException("the predictor is not trained: call fit (or pretrain) or loadWeights "
                    + "first");
        }
    }

    /** What a scoring pass does with one batch's input. */
    @FunctionalInterface
    private interface BatchAction {
        void accept(int from, NDManager manager, NDArray input);
    }

    private void forEachBatch(List<Nb201Arch> archs, BatchAction action) {
        for (int from = 0; from < archs.size(); from += SCORE_BATCH) {
            List<Nb201Arch> batch = archs.subList(from, Math.min(archs.size(), from + SCORE_BATCH));
            try (NDManager m = root.newSubManager()) {
                action.accept(from, m, model.experts().get(0).encoder().input(m, batch));
            }
        }
    }

    private static void checkLabels(List<Nb201Arch> archs, double[] labels) {
        Objects.requireNonNull(archs, "archs");
        Objects.requireNonNull(labels, "labels");
        if (archs.size() != labels.length) {
            throw new IllegalArgumentException("archs and labels differ in length: " + archs.size()
                    + " architectures, " + labels.length + " labels");
        }
        double first = Double.NaN;
        for (double l : labels) {
            if (Double.isFinite(l)) {
                if (Double.isNaN(first)) {
                    first = l;
                } else if (l != first) {
                    return;
                }
            }
        }
        throw new IllegalArgumentException("labels have fewer than two distinct finite values (" + labels.length
                + " labels" + (Double.isNaN(first) ? ", none finite" : ", all " + first)
                + "): no pair can be formed to learn from");
    }

    /** The model's parameters by path: for tests. */
    Map<String, Parameter> parameters() {
        requireModel();
        return model.parameterPaths();
    }

    /** The optimizer's state: for tests. */
    Map<String, Adam.Moments> optimizerState() {
        requireModel();
        return adam.state();
    }

    /** The model: for tests and the benchmark. */
    ExpertEnsemble model() {
        requireModel();
        return model;
    }
}
