package io.trainfree.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import io.trainfree.data.Batch;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.ImageSet;
import io.trainfree.data.Normalization;
import io.trainfree.job.AtomicFiles;
import io.trainfree.model.Nb201Net;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Param;
import io.trainfree.model.TorchOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Trains one NAS-Bench-201 network, epoch by epoch, in stages: a stage has its recipe, its trainable tensors and a new
 * optimizer (FEAR's stage 2 freezes all but the tail and starts a fresh SGD). Batch norms stay in training mode
 * throughout, so a frozen part's batch norms still update their running statistics, as PyTorch's do; frozen tensors
 * get no gradient and no weight decay.
 *
 * <p>Seeded: the initialisation from the seed given, each epoch's order and augmentation from the seed and the epoch,
 * so a run on one engine thread repeats exactly, and an epoch can be re-run from its start.
 *
 * {@snippet :
 * try (var trainer = new NetworkTrainer(net, 36, root)) {
 *     trainer.startStage(TrainingRecipe.nb201(Dataset.CIFAR10), Freezing.none());
 *     EpochStats e = trainer.trainEpoch(train, trainIndices, 0);
 *     double heldOut = trainer.accuracy(train, heldOutIndices, 512);
 * }
 * }
 */
public final class NetworkTrainer implements AutoCloseable {
    private static final String MAGIC = "trainfree training checkpoint 2";
    private final Nb201Net net;
    private final long seed;
    private final NDManager manager;
    private final Nb201Params params;
    private TrainingRecipe recipe;
    private Map<String, NDArray> trainable = Map.of();
    private Sgd sgd;
    private int stage;

    /**
     * @param net    the network (C, N and the number of classes as it says)
     * @param seed   initialisation and data order
     * @param parent the manager whose sub-manager holds the network; {@link #close()} frees it
     */
    public NetworkTrainer(Nb201Net net, long seed, NDManager parent) {
        this.net = Objects.requireNonNull(net, "net");
        this.seed = seed;
        this.manager = Objects.requireNonNull(parent, "parent").newSubManager();
        this.params = Nb201Params.create(net, manager, seed);
    }

    /** The network trained. */
    public Nb201Net net() {
        return net;
    }

    /** Its tensors, as trained so far. */
    public Nb201Params params() {
        return params;
    }

    /** The tensors the current stage trains, by name. */
    public List<String> trainableNames() {
        return List.copyOf(trainable.keySet());
    }

    /**
     * Starts a stage: {@code recipe} from now on, only tensors whose name {@code trainable} accepts are trained, and a
     * new optimizer (no momentum carried over).
     *
     * @throws IllegalArgumentException if {@code trainable} accepts no tensor
     */
    public void startStage(TrainingRecipe recipe, Predicate<String> trainable) {
        this.recipe = Objects.requireNonNull(recipe, "recipe");
        var chosen = new LinkedHashMap<String, NDArray>();
        for (Param p : params.params()) {
            if (!p.role().trainable()) {
                continue;
            }
            NDArray a = params.get(p.name());
            boolean train = trainable.test(p.name());
            a.setRequiresGradient(train);
            if (train) {
                chosen.put(p.name(), a);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no tensor of " + net.arch() + " is trainable under this stage's "
                    + "predicate");
        }
        this.trainable = chosen;
        if (sgd != null) {
            sgd.close();
        }
        sgd = new Sgd(recipe.momentum(), recipe.weightDecay(), recipe.nesterov(), manager);
        stage++;
    }

    /**
     * One epoch over {@code indices} of {@code images} in a seeded random order, in batches of the recipe's size,
     * augmented, at the schedule's rate for {@code epoch}.
     *
     * @throws IllegalStateException before {@link #startStage}
     */
    public EpochStats trainEpoch(ImageSet images, int[] indices, int epoch) {
        if (sgd == null) {
            throw new IllegalStateException("start a stage (startStage) before training");
        }
        double lr = recipe.schedule().lr(epoch);
        var random = new SplittableRandom(seed * 1_000_003L + stage * 10_007L + epoch);
        int[] order = indices.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        var sampler = new BatchSampler(images, recipe.augmentation(), Normalization.of(images.dataset()));
        long t0 = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int steps = 0;
        boolean diverged = false;
        for (int from = 0; from < order.length; from += recipe.batchSize()) {
            int[] idx = Arrays.copyOfRange(order, from, Math.min(order.length, from + recipe.batchSize()));
            try (NDManager m = manager.newSubManager()) {
                Batch batch = sampler.batch(idx, random, m);
                trainable.values().forEach(TorchOps::zeroGradient);
                double loss;
                try (GradientCollector gc = TorchOps.recordGradients()) {
                    NDArray logits = net.forward(params, batch.images());
                    NDArray l = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(batch.labels()),
                            new NDList(logits));
                    loss = l.getFloat();
                    if (!Double.isFinite(loss)) {
                        diverged = true;
                        break;
                    }
                    gc.backward(l);
                    correct += logits.argMax(1).eq(batch.labels()).countNonzero().getLong();
                }
                List<NDArray> grads = trainable.values().stream().map(NDArray::getGradient).toList();
                double norm = GradientClipping.clipByGlobalNorm(grads, recipe.clipNorm());
                if (!Double.isFinite(norm)) {
                    diverged = true;
                    break;
                }
                sgd.step(trainable, lr);
                lossSum += loss * idx.length;
                seen += idx.length;
                steps++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new EpochStats(epoch, lr, steps, diverged ? Double.NaN : lossSum / seen,
                seen == 0 ? Double.NaN : (double) correct / seen, seconds, diverged);
    }

    /** Top-1 accuracy on {@code indices} of {@code images}, not augmented, batch norms on their running statistics. */
    public double accuracy(ImageSet images, int[] indices, int batchSize) {
        var sampler = BatchSampler.evaluation(images);
        long correct = 0;
        for (int from = 0; from < indices.length; from += batchSize) {
            int[] idx = Arrays.copyOfRange(indices, from, Math.min(indices.length, from + batchSize));
            try (NDManager m = manager.newSubManager()) {
                Batch batch = sampler.batch(idx, new SplittableRandom(0), m);
                correct += net.infer(params, batch.images()).argMax(1).eq(batch.labels()).countNonzero().getLong();
            }
        }
        return indices.length == 0 ? Double.NaN : (double) correct / indices.length;
    }

    /**
     * Saves the network's tensors (running statistics included), the optimizer's momentum, the stage count and
     * {@code epochsDone} (the epochs of this stage trained so far) to {@code file}, atomically: with {@link #restore}
     * after {@link #startStage}, epoch {@code epochsDone} continues as if the run had never stopped.
     */
    public void save(Path file, int epochsDone) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeUTF(describe());
            out.writeInt(stage);
            out.writeInt(epochsDone);
            writeArrays(out, encoded(params.arrays()));
            writeArrays(out, sgd == null ? Map.of() : sgd.state());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /**
     * Restores what {@link #save} wrote, into this trainer's current stage, and returns the epochs of the stage it had
     * done: the next epoch to train.
     *
     * @throws IllegalArgumentException naming the file if it is not a checkpoint of this network and seed, or is cut
     */
    public int restore(Path file) {
        try (var in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (!in.readUTF().equals(MAGIC)) {
                throw new IllegalArgumentException(file + " is not a trainfree training checkpoint");
            }
            String saved = in.readUTF();
            if (!saved.equals(describe())) {
                throw new IllegalArgumentException(file + " is a checkpoint of " + saved + ", not of " + describe());
            }
            int savedStage = in.readInt();
            if (savedStage != stage) {
                throw new IllegalArgumentException(file + " was saved in stage " + savedStage + ", this trainer is in "
                        + "stage " + stage + ": start the same stages before restoring");
            }
            int epochsDone = in.readInt();
            Map<String, byte[]> tensors = readArrays(in);
            Map<String, byte[]> momentum = readArrays(in);
            for (var e : tensors.entrySet()) {
                NDArray target = params.get(e.getKey());
                try (NDArray value = NDArray.decode(manager, e.getValue())) {
                    target.set(value.toByteBuffer());
                }
            }
            if (sgd != null) {
                sgd.restore(momentum);
            }
            return epochsDone;
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is cut short: not a whole checkpoint", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private String describe() {
        return net.arch() + " C=" + net.channels() + " N=" + net.cellsPerStage() + " classes=" + net.numClasses()
                + " " + net.variant() + " seed=" + seed;
    }

    private static Map<String, byte[]> encoded(Map<String, NDArray> arrays) {
        var out = new LinkedHashMap<String, byte[]>();
        arrays.forEach((k, v) -> out.put(k, v.encode()));
        return out;
    }

    private static void writeArrays(DataOutputStream out, Map<String, byte[]> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (var e : arrays.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            out.write(e.getValue());
        }
    }

    private static Map<String, byte[]> readArrays(DataInputStream in) throws IOException {
        int n = in.readInt();
        var out = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            out.put(name, b);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
