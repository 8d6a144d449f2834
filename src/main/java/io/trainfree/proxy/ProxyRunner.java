package io.trainfree.proxy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.trainfree.data.Batch;
import io.trainfree.data.BatchSampler;
import io.trainfree.data.DataResolver;
import io.trainfree.data.Dataset;
import io.trainfree.data.ImageSet;
import io.trainfree.data.Images;
import io.trainfree.model.Devices;
import io.trainfree.model.TorchOps;
import io.trainfree.space.Nb201Arch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Scores architectures with a set of proxies, sharing passes between them. Each architecture gets its own
 * sub-manager, closed when its scores are out, so nothing accumulates over thousands of networks; its batch (drawn,
 * augmented as the reference trains) and its initial weights are seeded by {@code seed + index}, so any one
 * architecture's values can be recomputed alone and the same seed gives the same values.
 *
 * {@snippet :
 * try (var runner = ProxyRunner.of(Dataset.CIFAR10, Proxies.list("grad_norm,snip,synflow"))) {
 *     runner.score(arch, index).values();   // {grad_norm=..., snip=..., synflow=...}
 * }
 * }
 */
public final class ProxyRunner implements AutoCloseable {
    /**
     * How architectures are scored.
     *
     * @param batchSize images per batch (the reference's 64)
     * @param seed      base seed: architecture {@code i} uses {@code seed + i}
     * @param device    {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
     * @param augment   draw batches with the reference's train-time crop and flip (else plain images)
     */
    public record Options(int batchSize, long seed, String device, boolean augment) {
        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            Objects.requireNonNull(device, "device");
        }

        /** The reference's setting: batch 64, seed 42, CPU unless a GPU is asked for, augmented batches. */
        public Options() {
            this(64, 42, "auto", true);
        }

        public Options withBatchSize(int b) {
            return new Options(b, seed, device, augment);
        }

        public Options withSeed(long s) {
            return new Options(batchSize, s, device, augment);
        }

        public Options withDevice(String d) {
            return new Options(batchSize, seed, d, augment);
        }
    }

    private final Dataset dataset;
    private final List<Proxy> proxies;
    private final BatchSampler sampler;
    private final Options options;
    private final NDManager root;
    private final Proxy.Needs needs;

    private ProxyRunner(Dataset dataset, List<Proxy> proxies, ImageSet images, Options options) {
        this.dataset = dataset;
        this.proxies = List.copyOf(proxies);
        this.options = options;
        this.sampler = options.augment() ? BatchSampler.training(images) : BatchSampler.evaluation(images);
        Device device = Devices.select(options.device());
        this.root = NDManager.newBaseManager(device);
        this.needs = Proxy.Needs.of(this.proxies);
        var names = new java.util.HashSet<String>();
        for (Proxy p : this.proxies) {
            if (!names.add(p.name())) {
                throw new IllegalArgumentException("proxy " + p.name() + " is listed twice");
            }
        }
        if (this.proxies.isEmpty()) {
            throw new IllegalArgumentException("no proxies to compute; known: " + String.join(", ", Proxies.names()));
        }
    }

    /** A runner over the dataset's training images found by the standard resolver, with default options. */
    public static ProxyRunner of(Dataset dataset, List<Proxy> proxies) {
        return of(dataset, proxies, Images.train(dataset, DataResolver.standard()), new Options());
    }

    /** A runner over given images. */
    public static ProxyRunner of(Dataset dataset, List<Proxy> proxies, ImageSet images, Options options) {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(options, "options");
        if (images.dataset() != dataset) {
            throw new IllegalArgumentException("images are " + images.dataset() + ", the runner scores " + dataset);
        }
        return new ProxyRunner(dataset, proxies, images, options);
    }

    public List<Proxy> proxies() {
        return proxies;
    }

    /** What the proxies read from the shared passes, united: each architecture's context is planned for it. */
    public Proxy.Needs needs() {
        return needs;
    }

    public Options options() {
        return options;
    }

    public Dataset dataset() {
        return dataset;
    }

    /** The root manager's device. */
    public Device device() {
        return root.getDevice();
    }

    /**
     * Every proxy's value for one architecture.
     *
     * @param index the architecture's benchmark index: with the base seed it fixes the batch and the weights
     * @throws IllegalStateException naming the proxy and the architecture if a proxy fails
     */
    public ProxyScores score(Nb201Arch arch, int index) {
        Objects.requireNonNull(arch, "arch");
        long seed = BatchSampler.seedFor(options.seed(), index);
        var values = new LinkedHashMap<String, Double>();
        var seconds = new LinkedHashMap<String, Double>();
        try (var notRecording = TorchOps.withoutGradients(); NDManager m = root.newSubManager()) {
            Batch batch = sampler.sample(Math.min(options.batchSize(), sampler.images().size()), seed, m);
            var context = new ProxyContext(arch, dataset, m, batch, seed, needs);
            for (Proxy p : proxies) {
                long start = System.nanoTime();
                double v;
                try {
                    v = p.score(context);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("proxy " + p.name() + " failed on " + arch + " (index " + index
                            + "): " + e.getMessage(), e);
                }
                values.put(p.name(), v);
                seconds.put(p.name(), (System.nanoTime() - start) / 1e9);
            }
        }
        return new ProxyScores(arch, index, values, seconds);
    }

    @Override
    public void close() {
        root.close();
    }
}
